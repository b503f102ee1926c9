package io.arco.xtask.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.xtask.Fixture;
import io.arco.xtask.check.CheckReport;
import io.arco.xtask.check.Finding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs-check over the good fixture tree and one mutation per kind of docs problem. */
class DocsCheckTest {
  private static final String CHARTER = "docs/parity/dagster-parity-01-charter.md";
  private static final String RUNBOOK = "docs/runbooks/lineage.md";
  private static final String MATRIX = "docs/parity/dagster-parity-matrix.md";

  @TempDir Path temp;
  private Fixture fixture;

  @BeforeEach
  void copyGoodTree() {
    fixture = Fixture.copy("good", temp);
  }

  private List<String> findings() {
    return DocsCheck.run(fixture.repo()).findings().stream().map(Finding::render).toList();
  }

  @Test
  void goodDocsPass() {
    CheckReport report = DocsCheck.run(fixture.repo());

    assertThat(report.findings()).isEmpty();
    assertThat(report.successLine()).isEqualTo("docs-check: 10 page(s) OK");
  }

  @Test
  void pageUnreachableFromSummaryFails() {
    fixture.write("docs/guides/orphan.md", "# Orphan\n");

    assertThat(findings())
        .containsExactly("docs/guides/orphan.md:1: page is not reachable from docs/SUMMARY.md");
  }

  @Test
  void pageLinkedFromAReachablePageIsReachable() {
    fixture.write("docs/runbooks/more.md", "# More\n");
    fixture.replace(RUNBOOK, "# Lineage runbook\n", "# Lineage runbook\n\nSee [more](more.md).\n");

    assertThat(findings()).isEmpty();
  }

  @Test
  void brokenRelativeLinkFails() {
    fixture.replace(CHARTER, "(dagster-parity-matrix.md)", "(dagster-parity-matrx.md)");

    assertThat(findings())
        .containsExactly(
            CHARTER
                + ":3: broken relative link dagster-parity-matrx.md"
                + " (docs/parity/dagster-parity-matrx.md does not exist)");
  }

  @Test
  void brokenLinkInSummaryAlsoLeavesItsPageUnreachable() {
    fixture.replace("docs/SUMMARY.md", "(runbooks/lineage.md)", "(runbooks/lineag.md)");

    assertThat(findings())
        .containsExactly(
            "docs/SUMMARY.md:6: broken relative link runbooks/lineag.md"
                + " (docs/runbooks/lineag.md does not exist)",
            RUNBOOK + ":1: page is not reachable from docs/SUMMARY.md");
  }

  @Test
  void missingBacktickedRepoPathInRunbookFails() {
    fixture.replace(RUNBOOK, "run/RunRoutes.java:rerun", "run/RunRoute.java:rerun");

    assertThat(findings())
        .containsExactly(
            RUNBOOK
                + ":3: backticked path `arco-api/src/main/java/io/arco/api/run/RunRoute.java` does not exist");
  }

  @Test
  void missingBacktickedRepoPathInParityDocFails() {
    fixture.replace(CHARTER, "`.github/workflows/ci.yml`", "`.github/workflows/build.yml`");

    assertThat(findings())
        .containsExactly(CHARTER + ":4: backticked path `.github/workflows/build.yml` does not exist");
  }

  @Test
  void unescapedPipeInsideBackticksInTableRowFails() {
    fixture.replace(MATRIX, "`a \\| b`", "`a | b`");

    assertThat(findings())
        .containsExactly(
            MATRIX
                + ":"
                + fixture.lineOf(MATRIX, "`a | b`")
                + ": unescaped | inside backticks in a table row; GitHub splits the cell there,"
                + " write \\|");
  }

  @Test
  void missingSummaryFails() {
    fixture.delete("docs/SUMMARY.md");

    assertThat(findings())
        .containsExactly(
            "docs/SUMMARY.md:1: not found (every docs page must be reachable from it)",
            RUNBOOK + ":4: broken relative link ../SUMMARY.md (docs/SUMMARY.md does not exist)");
  }
}
