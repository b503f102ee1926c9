package io.arco.xtask.adr;

import io.arco.xtask.check.CheckReport;
import io.arco.xtask.check.Finding;
import io.arco.xtask.docs.Links;
import io.arco.xtask.markdown.MarkdownDoc;
import io.arco.xtask.repo.Repo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code adr-check}: every {@code docs/adr/adr-NNN-slug.md} has a unique number, the heading
 * {@code # ADR-NNN: Title} with its own number, a {@code Status:} line (Proposed, Accepted or
 * Superseded by an existing ADR-MMM) and the sections Context, Decision and Consequences, and is
 * linked from {@code docs/adr/README.md}; the README links no missing file.
 */
public final class AdrCheck {
  public static final String NAME = "adr-check";
  public static final String DIR = "docs/adr";
  public static final String README = DIR + "/README.md";
  static final List<String> SECTIONS = List.of("Context", "Decision", "Consequences");

  private static final Pattern FILE_NAME = Pattern.compile("adr-(\\d{3})-[a-z0-9][a-z0-9-]*\\.md");
  private static final Pattern HEADING = Pattern.compile("ADR-(\\d{3}): \\S.*");
  private static final Pattern STATUS_LINE =
      Pattern.compile("^\\s*(?:\\*\\*)?Status:(?:\\*\\*)?\\s*(.*?)\\s*$", Pattern.MULTILINE);
  private static final Pattern STATUS_VALUE =
      Pattern.compile("Proposed|Accepted|Superseded by ADR-(\\d{3})");

  private AdrCheck() {}

  public static CheckReport run(Repo repo) {
    List<Finding> findings = new ArrayList<>();
    List<String> adrFiles = new ArrayList<>();
    Map<String, String> byNumber = new HashMap<>();
    for (String file : repo.filesUnder(DIR)) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      if (!name.endsWith(".md") || file.equals(README) || file.indexOf('/', DIR.length() + 1) >= 0) {
        continue;
      }
      Matcher matcher = FILE_NAME.matcher(name);
      if (!matcher.matches()) {
        findings.add(new Finding(file, 1, "ADR file name must be adr-NNN-slug.md (NNN: 3 digits)"));
        continue;
      }
      String number = matcher.group(1);
      String previous = byNumber.putIfAbsent(number, file);
      if (previous != null) {
        findings.add(
            new Finding(file, 1, "duplicate ADR number " + number + " (also " + previous + ")"));
      }
      adrFiles.add(file);
    }
    Set<String> numbers = byNumber.keySet();
    for (String file : adrFiles) {
      checkAdr(repo, file, numbers, findings);
    }
    checkReadme(repo, adrFiles, findings);
    return new CheckReport(NAME, findings, NAME + ": " + adrFiles.size() + " ADR(s) OK");
  }

  private static void checkAdr(Repo repo, String file, Set<String> numbers, List<Finding> findings) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    Matcher fileMatcher = FILE_NAME.matcher(name);
    String number = fileMatcher.matches() ? fileMatcher.group(1) : "";
    String text = repo.read(file);
    MarkdownDoc doc = MarkdownDoc.parse(text);

    Optional<MarkdownDoc.HeadingRef> title =
        doc.headings().stream().filter(h -> h.level() == 1).findFirst();
    if (title.isEmpty()) {
      findings.add(new Finding(file, 1, "missing heading `# ADR-" + number + ": Title`"));
    } else {
      Matcher heading = HEADING.matcher(title.get().text());
      if (!heading.matches()) {
        findings.add(
            new Finding(
                file,
                title.get().line(),
                "heading must be `# ADR-" + number + ": Title`, found `# " + title.get().text() + "`"));
      } else if (!heading.group(1).equals(number)) {
        findings.add(
            new Finding(
                file,
                title.get().line(),
                "heading says ADR-" + heading.group(1) + " but the file is ADR-" + number));
      }
    }

    Matcher status = STATUS_LINE.matcher(text);
    if (!status.find()) {
      findings.add(
          new Finding(
              file, 1, "missing `Status:` line (Proposed, Accepted or Superseded by ADR-MMM)"));
    } else {
      int line = lineOf(text, status.start(1));
      Matcher value = STATUS_VALUE.matcher(status.group(1));
      if (!value.matches()) {
        findings.add(
            new Finding(
                file,
                line,
                "invalid Status \""
                    + status.group(1)
                    + "\" (expected Proposed, Accepted or Superseded by ADR-MMM)"));
      } else if (value.group(1) != null && !numbers.contains(value.group(1))) {
        findings.add(
            new Finding(file, line, "superseded by ADR-" + value.group(1) + ", which does not exist"));
      }
    }

    Set<String> sections = new HashSet<>();
    for (MarkdownDoc.HeadingRef heading : doc.headings()) {
      if (heading.level() == 2) {
        sections.add(heading.text());
      }
    }
    for (String section : SECTIONS) {
      if (!sections.contains(section)) {
        findings.add(new Finding(file, 1, "missing section `## " + section + "`"));
      }
    }
  }

  private static void checkReadme(Repo repo, List<String> adrFiles, List<Finding> findings) {
    if (!repo.isFile(README)) {
      if (!adrFiles.isEmpty() || repo.exists(DIR)) {
        findings.add(new Finding(README, 1, "ADR index not found"));
      }
      return;
    }
    MarkdownDoc doc = MarkdownDoc.parse(repo.read(README));
    Set<String> linked = new HashSet<>();
    for (MarkdownDoc.LinkRef link : doc.links()) {
      Optional<String> target = Links.resolve(README, link.destination());
      if (target.isEmpty()) {
        continue;
      }
      if (!repo.exists(target.get())) {
        findings.add(
            new Finding(README, link.line(), "links " + link.destination() + ", which does not exist"));
      }
      linked.add(target.get());
    }
    for (String file : adrFiles) {
      if (!linked.contains(file)) {
        findings.add(new Finding(file, 1, "not linked from " + README));
      }
    }
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
