package io.arco.xtask.evidence;

import io.arco.xtask.repo.Module;
import io.arco.xtask.repo.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.w3c.dom.Element;

/**
 * Surefire's XML reports ({@code <module>/target/surefire-reports/TEST-*.xml}). A command's tests
 * are the reports it wrote: those new or rewritten since a {@link Snapshot} taken before it ran,
 * so stale reports from earlier builds are never counted.
 */
final class SurefireReports {
  private SurefireReports() {}

  /** The report files and their modification times at one moment. */
  record Snapshot(Map<Path, FileTime> files) {}

  /** The counts of a set of reports, and the reports that could not be read. */
  record Tally(TestCounts counts, List<String> unreadable) {}

  static Snapshot snapshot(Repo repo) {
    Map<Path, FileTime> files = new TreeMap<>();
    for (Path report : reports(repo)) {
      try {
        files.put(report, Files.getLastModifiedTime(report));
      } catch (IOException e) {
        // A report deleted meanwhile simply is not there.
      }
    }
    return new Snapshot(files);
  }

  /** The counts of reports written since {@code before}. */
  static Tally since(Repo repo, Snapshot before) {
    TestCounts counts = TestCounts.NONE;
    List<String> unreadable = new ArrayList<>();
    for (Map.Entry<Path, FileTime> report : snapshot(repo).files().entrySet()) {
      if (Objects.equals(before.files().get(report.getKey()), report.getValue())) {
        continue;
      }
      try {
        counts = counts.plus(read(Files.readString(report.getKey())));
      } catch (IOException | IllegalArgumentException e) {
        unreadable.add(repo.relativize(report.getKey()));
      }
    }
    return new Tally(counts, unreadable);
  }

  /** The counts in one {@code TEST-*.xml} report. */
  static TestCounts read(String xml) {
    Element suite = Repo.parseXml(xml).getDocumentElement();
    if (!suite.getTagName().equals("testsuite")) {
      throw new IllegalArgumentException("not a Surefire report: <" + suite.getTagName() + ">");
    }
    return new TestCounts(
        intAttribute(suite, "tests"),
        intAttribute(suite, "failures"),
        intAttribute(suite, "errors"),
        intAttribute(suite, "skipped"));
  }

  private static int intAttribute(Element element, String name) {
    String value = element.getAttribute(name);
    if (value.isBlank()) {
      return 0;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("attribute " + name + "=\"" + value + "\" is not a number", e);
    }
  }

  private static List<Path> reports(Repo repo) {
    List<Path> reports = new ArrayList<>();
    for (Module module : repo.modules()) {
      Path dir = repo.root().resolve(module.dir()).resolve("target/surefire-reports");
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        files
            .filter(p -> {
              String name = p.getFileName().toString();
              return name.startsWith("TEST-") && name.endsWith(".xml");
            })
            .forEach(reports::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return reports;
  }
}
