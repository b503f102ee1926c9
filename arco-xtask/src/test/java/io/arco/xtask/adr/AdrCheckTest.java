package io.arco.xtask.adr;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.xtask.Fixture;
import io.arco.xtask.check.CheckReport;
import io.arco.xtask.check.Finding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** adr-check over the good fixture tree and one mutation per kind of bad ADR or index. */
class AdrCheckTest {
  private static final String README = "docs/adr/README.md";
  private static final String ADR_1 = "docs/adr/adr-001-event-log-and-fold.md";
  private static final String ADR_2 = "docs/adr/adr-002-storage-backends.md";

  @TempDir Path temp;
  private Fixture fixture;

  @BeforeEach
  void copyGoodTree() {
    fixture = Fixture.copy("good", temp);
  }

  private List<String> findings() {
    return AdrCheck.run(fixture.repo()).findings().stream().map(Finding::render).toList();
  }

  @Test
  void goodAdrsPass() {
    CheckReport report = AdrCheck.run(fixture.repo());

    assertThat(report.findings()).isEmpty();
    assertThat(report.successLine()).isEqualTo("adr-check: 3 ADR(s) OK");
  }

  @Test
  void duplicateNumberFails() {
    fixture.write("docs/adr/adr-001-other.md", fixture.read(ADR_1));
    fixture.replace(README, "| [ADR-002]", "| [ADR-001b](adr-001-other.md) | Other | Accepted |\n| [ADR-002]");

    assertThat(findings())
        .containsExactly(
            "docs/adr/adr-001-other.md:1: duplicate ADR number 001 (also " + ADR_1 + ")");
  }

  @Test
  void headingWithoutAdrNumberFails() {
    fixture.replace(ADR_1, "# ADR-001: Event log and fold", "# Event log and fold");

    assertThat(findings())
        .containsExactly(
            ADR_1 + ":1: heading must be `# ADR-001: Title`, found `# Event log and fold`");
  }

  @Test
  void headingNumberDifferentFromFileNameFails() {
    fixture.replace(ADR_1, "# ADR-001: Event", "# ADR-004: Event");

    assertThat(findings()).containsExactly(ADR_1 + ":1: heading says ADR-004 but the file is ADR-001");
  }

  @Test
  void invalidStatusFails() {
    fixture.replace(ADR_1, "Status: Accepted", "Status: Done");

    assertThat(findings())
        .containsExactly(
            ADR_1 + ":3: invalid Status \"Done\" (expected Proposed, Accepted or Superseded by ADR-MMM)");
  }

  @Test
  void supersededByMissingAdrFails() {
    fixture.replace(ADR_2, "Superseded by ADR-003", "Superseded by ADR-007");

    assertThat(findings()).containsExactly(ADR_2 + ":3: superseded by ADR-007, which does not exist");
  }

  @Test
  void missingStatusFails() {
    fixture.replace(ADR_1, "Status: Accepted\n", "");

    assertThat(findings())
        .containsExactly(
            ADR_1 + ":1: missing `Status:` line (Proposed, Accepted or Superseded by ADR-MMM)");
  }

  @Test
  void missingSectionFails() {
    fixture.replace(ADR_1, "## Consequences", "## Outcome");

    assertThat(findings()).containsExactly(ADR_1 + ":1: missing section `## Consequences`");
  }

  @Test
  void adrNotLinkedFromReadmeFails() {
    fixture.replace(README, "| [ADR-003](adr-003-sqlite-first.md) | SQLite first | Proposed |\n", "");

    assertThat(findings())
        .containsExactly("docs/adr/adr-003-sqlite-first.md:1: not linked from docs/adr/README.md");
  }

  @Test
  void readmeLinkingMissingFileFails() {
    fixture.write(
        README, fixture.read(README) + "| [ADR-004](adr-004-worker-protocol.md) | Workers | Proposed |\n");

    assertThat(findings())
        .containsExactly(
            README
                + ":"
                + fixture.lineOf(README, "ADR-004")
                + ": links adr-004-worker-protocol.md, which does not exist");
  }

  @Test
  void badlyNamedAdrFileFails() {
    fixture.write("docs/adr/adr-4-workers.md", fixture.read(ADR_1));

    assertThat(findings())
        .containsExactly(
            "docs/adr/adr-4-workers.md:1: ADR file name must be adr-NNN-slug.md (NNN: 3 digits)");
  }
}
