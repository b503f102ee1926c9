package io.arco.xtask.evidence;

import io.arco.xtask.docs.DocsCheck;
import io.arco.xtask.docs.Links;
import io.arco.xtask.markdown.MarkdownDoc;
import io.arco.xtask.repo.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps a generated page reachable: adds a list entry for it under the {@code # Plans} part of
 * {@code docs/SUMMARY.md} (creating the part at the end when there is none) unless SUMMARY already
 * links it.
 */
final class SummaryLinks {
  private static final Pattern PLANS_HEADING = Pattern.compile("^#{1,6}\\s+Plans\\b.*");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*[-*+]\\s+.*");

  private SummaryLinks() {}

  static void ensureLinked(Repo repo, String page, String title) {
    String summary = DocsCheck.SUMMARY;
    String text = repo.isFile(summary) ? repo.read(summary) : "# Summary\n";
    boolean linked =
        MarkdownDoc.parse(text).links().stream()
            .anyMatch(l -> Links.resolve(summary, l.destination()).filter(page::equals).isPresent());
    if (linked) {
      return;
    }
    String relative = page.substring("docs/".length());
    String entry = "- [" + title + "](" + relative + ")";
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    int heading = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (PLANS_HEADING.matcher(lines.get(i)).matches()) {
        heading = i;
        break;
      }
    }
    if (heading < 0) {
      lines.add("");
      lines.add("# Plans");
      lines.add("");
      lines.add(entry);
    } else {
      int insertAt = heading + 1;
      int i = heading + 1;
      while (i < lines.size() && lines.get(i).isBlank()) {
        i++;
      }
      if (i < lines.size() && LIST_ITEM.matcher(lines.get(i)).matches()) {
        while (i < lines.size() && LIST_ITEM.matcher(lines.get(i)).matches()) {
          i++;
        }
        insertAt = i;
        lines.add(insertAt, entry);
      } else {
        lines.add(insertAt, "");
        lines.add(insertAt + 1, entry);
      }
    }
    try {
      Files.writeString(
          repo.root().resolve(summary), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
