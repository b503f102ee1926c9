package io.arco.xtask.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * A Markdown document parsed with commonmark and its GFM tables extension, keeping source lines:
 * its headings, tables, links and code spans.
 *
 * <p>GFM splits table cells on every unescaped {@code |}, even inside backticks, so {@code
 * `a | b`} in a cell would shift every later column. Before parsing, table rows get such pipes
 * escaped (what the author meant); {@link #unescapedPipeLines()} reports where that happened so
 * docs-check can ask for {@code \|}, which GitHub needs to render the table the same way.
 */
public final class MarkdownDoc {
  private static final Parser PARSER =
      Parser.builder()
          .extensions(List.of(TablesExtension.create()))
          .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
          .build();
  private static final Set<Character> FENCE_CHARS = Set.of('`', '~');

  /** A heading: level 1–6, its plain text and 1-based line. */
  public record HeadingRef(int level, String text, int line) {}

  /** A link or image destination and its 1-based line. */
  public record LinkRef(String destination, int line) {}

  /** An inline code span's literal and its 1-based line. */
  public record CodeRef(String literal, int line) {}

  private final List<HeadingRef> headings = new ArrayList<>();
  private final List<Table> tables = new ArrayList<>();
  private final List<LinkRef> links = new ArrayList<>();
  private final List<CodeRef> codeSpans = new ArrayList<>();
  private final List<Integer> unescapedPipeLines;

  private MarkdownDoc(Node document, List<Integer> unescapedPipeLines) {
    this.unescapedPipeLines = List.copyOf(unescapedPipeLines);
    String section = "";
    for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
      if (block instanceof Heading heading) {
        section = plainText(heading).strip();
      } else if (block instanceof TableBlock table) {
        tables.add(table(table, section));
      }
    }
    collect(document);
  }

  /** Parses {@code markdown}. */
  public static MarkdownDoc parse(String markdown) {
    List<Integer> escapedLines = new ArrayList<>();
    String prepared = escapePipesInTableCode(markdown, escapedLines);
    return new MarkdownDoc(PARSER.parse(prepared), escapedLines);
  }

  public List<HeadingRef> headings() {
    return headings;
  }

  public List<Table> tables() {
    return tables;
  }

  /** Every link and image destination, in document order. */
  public List<LinkRef> links() {
    return links;
  }

  /** Every inline code span (not fenced or indented code blocks), in document order. */
  public List<CodeRef> codeSpans() {
    return codeSpans;
  }

  /** The 1-based lines of table rows with an unescaped {@code |} inside a code span. */
  public List<Integer> unescapedPipeLines() {
    return unescapedPipeLines;
  }

  private void collect(Node node) {
    switch (node) {
      case Heading heading ->
          headings.add(new HeadingRef(heading.getLevel(), plainText(heading).strip(), line(node)));
      case Link link -> links.add(new LinkRef(link.getDestination(), line(node)));
      case Image image -> links.add(new LinkRef(image.getDestination(), line(node)));
      case Code code -> codeSpans.add(new CodeRef(code.getLiteral(), line(node)));
      default -> {
        // Other nodes only matter through their children.
      }
    }
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      collect(child);
    }
  }

  private static Table table(TableBlock block, String section) {
    List<String> header = new ArrayList<>();
    List<Table.Row> rows = new ArrayList<>();
    int headerLine = line(block);
    for (Node part = block.getFirstChild(); part != null; part = part.getNext()) {
      if (part instanceof TableHead head && head.getFirstChild() instanceof TableRow row) {
        headerLine = line(row);
        for (Cell cell : cells(row)) {
          header.add(cell.text());
        }
      } else if (part instanceof TableBody body) {
        for (Node row = body.getFirstChild(); row != null; row = row.getNext()) {
          if (row instanceof TableRow tableRow) {
            rows.add(new Table.Row(line(tableRow), cells(tableRow)));
          }
        }
      }
    }
    return new Table(section, headerLine, header, rows);
  }

  private static List<Cell> cells(TableRow row) {
    List<Cell> cells = new ArrayList<>();
    for (Node node = row.getFirstChild(); node != null; node = node.getNext()) {
      if (node instanceof TableCell cell) {
        List<Inline> inlines = new ArrayList<>();
        flatten(cell, inlines);
        StringBuilder text = new StringBuilder();
        for (Inline inline : inlines) {
          switch (inline) {
            case Inline.Plain plain -> text.append(plain.text());
            case Inline.CodeSpan code -> text.append(code.literal());
            case Inline.LinkTarget ignored -> {
              // A link contributes its text (which follows), not its destination.
            }
          }
        }
        cells.add(new Cell(text.toString(), inlines));
      }
    }
    return cells;
  }

  private static void flatten(Node parent, List<Inline> out) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
      switch (node) {
        case Text text -> addPlain(out, text.getLiteral());
        case Code code -> out.add(new Inline.CodeSpan(code.getLiteral(), line(node)));
        case SoftLineBreak ignored -> addPlain(out, " ");
        case HardLineBreak ignored -> addPlain(out, " ");
        case HtmlInline ignored -> addPlain(out, " ");
        case Link link -> {
          out.add(new Inline.LinkTarget(link.getDestination(), line(node)));
          flatten(node, out);
        }
        case Image image -> {
          out.add(new Inline.LinkTarget(image.getDestination(), line(node)));
          flatten(node, out);
        }
        default -> flatten(node, out);
      }
    }
  }

  /** Appends text, merging it into a preceding plain piece so parentheses stay together. */
  private static void addPlain(List<Inline> out, String text) {
    if (!out.isEmpty() && out.get(out.size() - 1) instanceof Inline.Plain previous) {
      out.set(out.size() - 1, new Inline.Plain(previous.text() + text));
    } else {
      out.add(new Inline.Plain(text));
    }
  }

  /** The text of a node and its descendants, with code spans as their literal. */
  static String plainText(Node node) {
    StringBuilder sb = new StringBuilder();
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      switch (child) {
        case Text text -> sb.append(text.getLiteral());
        case Code code -> sb.append(code.getLiteral());
        case SoftLineBreak ignored -> sb.append(' ');
        case HardLineBreak ignored -> sb.append(' ');
        default -> sb.append(plainText(child));
      }
    }
    return sb.toString();
  }

  private static int line(Node node) {
    List<SourceSpan> spans = node.getSourceSpans();
    return spans.isEmpty() ? 1 : spans.get(0).getLineIndex() + 1;
  }

  /**
   * Escapes {@code |} inside code spans on table rows (lines starting with {@code |}), outside
   * fenced code blocks, recording the 1-based lines where it did.
   */
  static String escapePipesInTableCode(String markdown, List<Integer> escapedLines) {
    String[] lines = markdown.split("\n", -1);
    StringBuilder out = new StringBuilder(markdown.length() + 16);
    String fence = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String stripped = line.stripLeading();
      boolean indentOk = line.length() - stripped.length() <= 3;
      if (indentOk && stripped.length() >= 3 && FENCE_CHARS.contains(stripped.charAt(0))) {
        char c = stripped.charAt(0);
        int run = 0;
        while (run < stripped.length() && stripped.charAt(run) == c) {
          run++;
        }
        if (run >= 3) {
          String marker = String.valueOf(c).repeat(run);
          if (fence == null) {
            fence = marker;
          } else if (c == fence.charAt(0) && run >= fence.length() && stripped.strip().equals(marker)) {
            fence = null;
          }
        }
      } else if (fence == null && indentOk && stripped.startsWith("|")) {
        String escaped = escapeRow(line);
        if (!escaped.equals(line)) {
          escapedLines.add(i + 1);
          line = escaped;
        }
      }
      out.append(line);
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String escapeRow(String line) {
    StringBuilder out = new StringBuilder(line.length() + 8);
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < n) {
        out.append(c).append(line.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c != '`') {
        out.append(c);
        i++;
        continue;
      }
      int run = runLength(line, i);
      int close = findClosingRun(line, i + run, run);
      if (close < 0) {
        out.append(line, i, i + run);
        i += run;
        continue;
      }
      out.append(line, i, i + run);
      String content = line.substring(i + run, close);
      for (int k = 0; k < content.length(); k++) {
        char ch = content.charAt(k);
        if (ch == '|' && (k == 0 || content.charAt(k - 1) != '\\')) {
          out.append('\\');
        }
        out.append(ch);
      }
      out.append(line, close, close + run);
      i = close + run;
    }
    return out.toString();
  }

  private static int runLength(String s, int from) {
    int k = from;
    while (k < s.length() && s.charAt(k) == '`') {
      k++;
    }
    return k - from;
  }

  private static int findClosingRun(String s, int from, int run) {
    int k = from;
    while (k < s.length()) {
      if (s.charAt(k) == '`') {
        int len = runLength(s, k);
        if (len == run) {
          return k;
        }
        k += len;
      } else {
        k++;
      }
    }
    return -1;
  }
}
