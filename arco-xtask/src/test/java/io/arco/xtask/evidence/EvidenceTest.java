package io.arco.xtask.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.xtask.Fixture;
import io.arco.xtask.Main;
import io.arco.xtask.docs.DocsCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence command over the good fixture, with a fake runner instead of Maven and git. */
class EvidenceTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");
  private static final String NOTE = "docs/plans/2026-11-26-verification-evidence.md";
  private static final String FLOW_VERIFY = "mvn -B -pl arco-flow verify";
  private static final String FLOW_GATES =
      "mvn -B -pl arco-flow test -Dtest=io.arco.flow.parity.OrchestrationParityGatesM1Test";
  private static final String API_VERIFY = "mvn -B -pl arco-api -am verify";
  private static final String API_RUN =
      "mvn -B -pl arco-api -am test -Dtest=RunApiTest -Dsurefire.failIfNoSpecifiedTests=false";

  @TempDir Path temp;
  private Fixture fixture;
  private FakeRunner runner;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Records commands; "runs" one by writing the Surefire reports it is told to. */
  private static final class FakeRunner implements CommandRunner {
    final List<String> ran = new ArrayList<>();
    final Map<String, Integer> exitCodes = new HashMap<>();
    final Map<String, Map<String, String>> reports = new HashMap<>();
    String status = "";
    Path root;

    @Override
    public int run(String commandLine, Path workDir, Path log) {
      ran.add(commandLine);
      assertThat(workDir).isEqualTo(root);
      for (Map.Entry<String, String> report : reports.getOrDefault(commandLine, Map.of()).entrySet()) {
        writeReport(root.resolve(report.getKey()), report.getValue());
      }
      return exitCodes.getOrDefault(commandLine, 0);
    }

    @Override
    public Optional<String> capture(List<String> argv, Path workDir) {
      return switch (String.join(" ", argv)) {
        case "git rev-parse --abbrev-ref HEAD" -> Optional.of("xtask");
        case "git rev-parse HEAD" -> Optional.of("0123456789abcdef0123456789abcdef01234567");
        case "git status --porcelain" -> Optional.of(status);
        default -> Optional.empty();
      };
    }
  }

  private static String suite(String name, int tests, int failures, int errors, int skipped) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + name + "\" tests=\""
        + tests + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" skipped=\"" + skipped
        + "\"><testcase name=\"x\"/></testsuite>\n";
  }

  private static void writeReport(Path file, String xml) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, xml);
      // A fresh, distinct mtime even on coarse file systems.
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeEach
  void setUp() {
    fixture = Fixture.copy("good", temp);
    runner = new FakeRunner();
    runner.root = fixture.repo().root();
    runner.reports.put(
        FLOW_VERIFY,
        Map.of(
            "arco-flow/target/surefire-reports/TEST-io.arco.flow.fold.FoldTest.xml",
            suite("io.arco.flow.fold.FoldTest", 3, 0, 0, 1),
            "arco-flow/target/surefire-reports/TEST-io.arco.flow.parity.OrchestrationParityGatesM1Test.xml",
            suite("io.arco.flow.parity.OrchestrationParityGatesM1Test", 2, 0, 0, 0)));
    runner.reports.put(
        FLOW_GATES,
        Map.of(
            "arco-flow/target/surefire-reports/TEST-io.arco.flow.parity.OrchestrationParityGatesM1Test.xml",
            suite("io.arco.flow.parity.OrchestrationParityGatesM1Test", 2, 0, 0, 0)));
    runner.reports.put(
        API_RUN,
        Map.of(
            "arco-api/target/surefire-reports/TEST-io.arco.api.run.RunApiTest.xml",
            suite("io.arco.api.run.RunApiTest", 1, 0, 0, 0)));
  }

  private int runEvidence() {
    return new Evidence(
            fixture.repo(),
            runner,
            InstantSource.fixed(NOW),
            Main.CHECKS,
            new PrintWriter(out, true),
            new PrintWriter(err, true))
        .run();
  }

  @Test
  void runsEveryMavenCommandOfTheWorkflowInOrder() {
    int exit = runEvidence();

    assertThat(exit).isZero();
    assertThat(runner.ran).containsExactly(FLOW_VERIFY, FLOW_GATES, API_VERIFY, API_RUN);
    assertThat(out.toString().lines().toList())
        .last()
        .isEqualTo("evidence: wrote " + NOTE + " (7 commands passed, 8 tests)");
  }

  @Test
  void noteRecordsCommandsCommitAndSurefireCounts() {
    runEvidence();

    String note = fixture.read(NOTE);
    assertThat(note)
        .startsWith("# Verification evidence 2026-11-26\n")
        .contains("- Executed: 2026-11-26T10:15:30Z to 2026-11-26T10:15:30Z (UTC)\n")
        .contains("- Branch: `xtask`\n")
        .contains("- Commit: `0123456789abcdef0123456789abcdef01234567` (clean working tree)\n")
        .contains("- Outcome: 7 of 7 commands passed\n")
        .contains(
            "```bash\n" + FLOW_VERIFY + "\n" + FLOW_GATES + "\n" + API_VERIFY + "\n" + API_RUN
                + "\n./xtask parity-matrix-check\n./xtask adr-check\n./xtask docs-check\n```")
        .contains("| 1 | `" + FLOW_VERIFY + "` | PASS | 5 | 4 | 0 | 0 | 1 |")
        .contains("| 2 | `" + FLOW_GATES + "` | PASS | 2 | 2 | 0 | 0 | 0 |")
        .contains("| 3 | `" + API_VERIFY + "` | PASS | 0 | 0 | 0 | 0 | 0 |")
        .contains("| 5 | `./xtask parity-matrix-check` | PASS | check | — | — | — | — |")
        .contains("Total over the Maven commands: 8 tests, 7 passed, 0 failures, 0 errors, 1 skipped")
        .contains("parity-matrix-check: 9 rows OK (1 Designed, 2 Exception, 4 Implemented, 1 Partial, 1 Planned)")
        .contains("adr-check: 3 ADR(s) OK")
        .contains("## Known residual risks\n");
  }

  @Test
  void residualRisksNameUntestedCommandsSkippedTestsAndUnprovenRows() {
    runner.status = " M docs/parity/dagster-parity-matrix.md";

    runEvidence();

    String note = fixture.read(NOTE);
    assertThat(note)
        .contains("- Commit: `0123456789abcdef0123456789abcdef01234567` plus uncommitted changes")
        .contains("- `" + API_VERIFY + "` ran no tests: what it builds is not proven by tests.\n")
        .contains("- `" + FLOW_VERIFY + "` skipped 1 test(s).\n")
        .contains(
            "- 3 of 9 parity matrix rows are neither Implemented nor a declared Exception"
                + " (1 Designed, 1 Partial, 1 Planned): those capabilities are not proven by this"
                + " run.\n")
        .contains("- The working tree had uncommitted changes");
  }

  @Test
  void reportsLeftByEarlierBuildsAreNotCounted() {
    writeReport(
        fixture.root().resolve("arco-api/target/surefire-reports/TEST-io.arco.api.OldTest.xml"),
        suite("io.arco.api.OldTest", 99, 0, 0, 0));

    runEvidence();

    assertThat(fixture.read(NOTE)).contains("| 3 | `" + API_VERIFY + "` | PASS | 0 |");
  }

  @Test
  void noteIsLinkedFromSummarySoDocsCheckStillPasses() {
    runEvidence();

    assertThat(fixture.read("docs/SUMMARY.md"))
        .contains(
            "- [Plan 2025-01-01](plans/2025-01-01-plan.md)\n"
                + "- [Verification evidence 2026-11-26](plans/2026-11-26-verification-evidence.md)\n");
    assertThat(DocsCheck.run(fixture.repo()).findings()).isEmpty();
  }

  @Test
  void summaryWithoutPlansPartGetsOne() {
    fixture.replace("docs/SUMMARY.md", "\n# Plans\n\n- [Plan 2025-01-01](plans/2025-01-01-plan.md)\n", "\n");
    fixture.delete("docs/plans/2025-01-01-plan.md");

    runEvidence();

    assertThat(fixture.read("docs/SUMMARY.md"))
        .endsWith("\n# Plans\n\n- [Verification evidence 2026-11-26](plans/2026-11-26-verification-evidence.md)\n");
    assertThat(DocsCheck.run(fixture.repo()).findings()).isEmpty();
  }

  @Test
  void rerunOnTheSameDayDoesNotLinkTheNoteTwice() {
    runEvidence();
    runEvidence();

    String summary = fixture.read("docs/SUMMARY.md");
    assertThat(summary.indexOf("2026-11-26-verification-evidence.md"))
        .isEqualTo(summary.lastIndexOf("2026-11-26-verification-evidence.md"));
  }

  @Test
  void failingCommandFailsEvidenceButStillWritesTheNote() {
    runner.exitCodes.put(FLOW_GATES, 1);

    int exit = runEvidence();

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines().toList())
        .containsExactly(
            ".github/workflows/ci.yml:20: `" + FLOW_GATES + "` failed (exit 1), log target/xtask-evidence/02.log",
            "wrote " + NOTE,
            "evidence failed with 1 error(s)");
    assertThat(fixture.read(NOTE))
        .contains("- Outcome: 6 of 7 commands passed\n")
        .contains("| 2 | `" + FLOW_GATES + "` | FAIL (exit 1) | 2 |")
        .contains("- `" + FLOW_GATES + "` FAILED (exit 1); its output is in target/xtask-evidence/02.log.\n");
  }

  @Test
  void failingCheckIsRecordedWithItsFindings() {
    fixture.replace("docs/parity/dagster-parity-matrix.md", "| EX-01 |", "| EX-09 |");

    int exit = runEvidence();

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains(".github/workflows/ci.yml:36: `./xtask parity-matrix-check` failed (exit 1)");
    assertThat(fixture.read(NOTE))
        .contains("| 5 | `./xtask parity-matrix-check` | FAIL (exit 1) | check |")
        .contains("cites EX-09, which docs/parity/dagster-parity-exceptions.md does not define\n"
            + "parity-matrix-check failed with 1 error(s)\n");
  }
}
