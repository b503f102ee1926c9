package io.arco.xtask.docs;

import io.arco.xtask.check.CheckReport;
import io.arco.xtask.check.Finding;
import io.arco.xtask.markdown.MarkdownDoc;
import io.arco.xtask.repo.Repo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docs-check}: every page under {@code docs/} is reachable from {@code docs/SUMMARY.md}
 * by following relative links, every relative link of every page resolves, and every backticked
 * repo path in the runbooks and parity docs exists. Table rows with an unescaped {@code |} inside
 * backticks are reported too: GitHub would split the cell there.
 */
public final class DocsCheck {
  public static final String NAME = "docs-check";
  public static final String SUMMARY = "docs/SUMMARY.md";
  static final List<String> PATH_CHECKED_DIRS = List.of("docs/runbooks/", "docs/parity/");

  private DocsCheck() {}

  public static CheckReport run(Repo repo) {
    List<Finding> findings = new ArrayList<>();
    List<String> pages =
        repo.filesUnder("docs").stream().filter(f -> f.endsWith(".md")).toList();
    Map<String, MarkdownDoc> docs = new HashMap<>();
    for (String page : pages) {
      docs.put(page, MarkdownDoc.parse(repo.read(page)));
    }
    if (!docs.containsKey(SUMMARY)) {
      findings.add(new Finding(SUMMARY, 1, "not found (every docs page must be reachable from it)"));
    }

    for (String page : pages) {
      MarkdownDoc doc = docs.get(page);
      for (MarkdownDoc.LinkRef link : doc.links()) {
        Optional<String> target = Links.resolve(page, link.destination());
        if (target.isPresent() && !repo.exists(target.get())) {
          findings.add(
              new Finding(
                  page,
                  link.line(),
                  "broken relative link " + link.destination() + " (" + target.get() + " does not exist)"));
        }
      }
      for (int line : doc.unescapedPipeLines()) {
        findings.add(
            new Finding(
                page,
                line,
                "unescaped | inside backticks in a table row; GitHub splits the cell there, write \\|"));
      }
      if (PATH_CHECKED_DIRS.stream().anyMatch(page::startsWith)) {
        for (MarkdownDoc.CodeRef code : doc.codeSpans()) {
          String literal = code.literal().strip();
          if (!repo.isRepoPath(literal)) {
            continue;
          }
          String path = stripSuffix(literal);
          if (!repo.exists(path)) {
            findings.add(
                new Finding(page, code.line(), "backticked path `" + path + "` does not exist"));
          }
        }
      }
    }

    if (docs.containsKey(SUMMARY)) {
      Set<String> reachable = reachableFrom(SUMMARY, docs);
      for (String page : pages) {
        if (!reachable.contains(page)) {
          findings.add(new Finding(page, 1, "page is not reachable from " + SUMMARY));
        }
      }
    }
    return new CheckReport(NAME, findings, NAME + ": " + pages.size() + " page(s) OK");
  }

  /** The path part of a backticked reference: without {@code :Symbol} or {@code #fragment}. */
  static String stripSuffix(String literal) {
    int colon = literal.indexOf(':');
    String path = colon > 0 ? literal.substring(0, colon) : literal;
    int hash = path.indexOf('#');
    return hash > 0 ? path.substring(0, hash) : path;
  }

  private static Set<String> reachableFrom(String start, Map<String, MarkdownDoc> docs) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    seen.add(start);
    queue.add(start);
    while (!queue.isEmpty()) {
      String page = queue.removeFirst();
      for (MarkdownDoc.LinkRef link : docs.get(page).links()) {
        Optional<String> target = Links.resolve(page, link.destination());
        if (target.isPresent() && docs.containsKey(target.get()) && seen.add(target.get())) {
          queue.addLast(target.get());
        }
      }
    }
    return seen;
  }
}
