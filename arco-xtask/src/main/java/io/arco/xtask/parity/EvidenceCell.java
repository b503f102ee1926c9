package io.arco.xtask.parity;

import io.arco.xtask.markdown.Cell;
import io.arco.xtask.markdown.Inline;
import io.arco.xtask.repo.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an evidence cell of the matrix cites, read from its inlines:
 *
 * <ul>
 *   <li>backticked repo paths, each with the symbols it names — {@code `path:Symbol`}, {@code
 *       `File.java#method`}, {@code `path` `Symbol`} or {@code `path` (`a`, `b`)};
 *   <li>other code spans (in the CI cell: commands and job ids);
 *   <li>link destinations.
 * </ul>
 */
record EvidenceCell(List<PathRef> paths, List<CodeText> code, List<String> links, String text) {
  /** A symbol: a Java identifier, optionally qualified by types with . or #, optionally with (). */
  static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(?:[.#][A-Za-z_$][A-Za-z0-9_$]*)*(?:\\(\\))?");

  /** A cited repo path (fragment removed) and the symbols named on it. */
  record PathRef(String path, List<String> symbols, int line) {}

  /** A code span that is not a repo path nor a symbol of one. */
  record CodeText(String literal, int line) {}

  static EvidenceCell parse(Repo repo, Cell cell) {
    List<Inline> inlines = cell.inlines();
    List<PathRef> paths = new ArrayList<>();
    List<CodeText> code = new ArrayList<>();
    List<String> links = new ArrayList<>();
    for (int i = 0; i < inlines.size(); i++) {
      switch (inlines.get(i)) {
        case Inline.CodeSpan span when repo.isRepoPath(span.literal().strip()) -> {
          String literal = span.literal().strip();
          String path = literal;
          List<String> symbols = new ArrayList<>();
          int colon = literal.indexOf(':');
          int hash = literal.indexOf('#');
          if (colon > 0) {
            path = literal.substring(0, colon);
            splitSymbols(literal.substring(colon + 1), symbols);
          } else if (hash > 0) {
            path = literal.substring(0, hash);
            if (path.endsWith(".java") || path.endsWith(".py")) {
              splitSymbols(literal.substring(hash + 1), symbols);
            }
          }
          if (symbols.isEmpty()) {
            Optional<Following> following = followingSymbols(inlines, i + 1);
            if (following.isPresent()) {
              symbols.addAll(following.get().symbols());
              i = following.get().lastIndex();
            }
          }
          paths.add(new PathRef(path, List.copyOf(symbols), span.line()));
        }
        case Inline.CodeSpan span -> code.add(new CodeText(span.literal().strip(), span.line()));
        case Inline.LinkTarget link -> links.add(link.destination());
        case Inline.Plain ignored -> {
          // Prose between citations carries no evidence.
        }
      }
    }
    return new EvidenceCell(paths, code, links, cell.text());
  }

  private static void splitSymbols(String list, List<String> out) {
    for (String symbol : list.split(",")) {
      if (!symbol.isBlank()) {
        out.add(symbol.strip());
      }
    }
  }

  private record Following(List<String> symbols, int lastIndex) {}

  /**
   * The symbols that directly follow a path: one backticked identifier after whitespace, or a
   * parenthesised, comma-separated list of identifiers (each optionally backticked).
   */
  private static Optional<Following> followingSymbols(List<Inline> inlines, int start) {
    if (start >= inlines.size() || !(inlines.get(start) instanceof Inline.Plain plain)) {
      return Optional.empty();
    }
    String text = plain.text();
    if (text.isBlank()
        && start + 1 < inlines.size()
        && inlines.get(start + 1) instanceof Inline.CodeSpan next
        && IDENTIFIER.matcher(next.literal().strip()).matches()) {
      return Optional.of(new Following(List.of(next.literal().strip()), start + 1));
    }
    String lead = text.stripLeading();
    if (!lead.startsWith("(")) {
      return Optional.empty();
    }
    StringBuilder group = new StringBuilder(lead.substring(1));
    int last = start;
    while (closingParen(group) < 0) {
      last++;
      if (last >= inlines.size()) {
        return Optional.empty();
      }
      switch (inlines.get(last)) {
        case Inline.Plain p -> group.append(p.text());
        case Inline.CodeSpan c -> group.append('`').append(c.literal().strip()).append('`');
        case Inline.LinkTarget ignored -> {
          return Optional.empty();
        }
      }
    }
    String inside = group.substring(0, closingParen(group));
    List<String> symbols = new ArrayList<>();
    for (String item : inside.split(",")) {
      String symbol = item.strip();
      if (symbol.startsWith("`") && symbol.endsWith("`") && symbol.length() >= 2) {
        symbol = symbol.substring(1, symbol.length() - 1).strip();
      }
      if (!IDENTIFIER.matcher(symbol).matches()) {
        return Optional.empty();
      }
      symbols.add(symbol);
    }
    return symbols.isEmpty() ? Optional.empty() : Optional.of(new Following(symbols, last));
  }

  /** The index of the ")" closing a group, skipping the "()" of call-style symbols; -1 if none. */
  private static int closingParen(CharSequence group) {
    for (int i = 0; i < group.length(); i++) {
      if (group.charAt(i) == ')' && (i == 0 || group.charAt(i - 1) != '(')) {
        return i;
      }
    }
    return -1;
  }
}
