package io.arco.xtask;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit status and output format of each check. */
class MainTest {
  @TempDir Path temp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.execute(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void passingCheckPrintsOneLineAndExitsZero() {
    Fixture fixture = Fixture.copy("good", temp);

    assertThat(run("adr-check", fixture.root().toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("adr-check: 3 ADR(s) OK" + System.lineSeparator());
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void failingCheckPrintsEveryFindingThenTheCountAndExitsOne() {
    Fixture fixture = Fixture.copy("good", temp);
    fixture.replace("docs/parity/dagster-parity-matrix.md", "| EX-01 |", "| EX-09 |");
    fixture.replace("docs/parity/dagster-parity-matrix.md", "| No UI exists. |", "|  |");

    assertThat(run("parity-matrix-check", fixture.root().toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
        .satisfiesExactly(
            line -> assertThat(line).matches("docs/parity/dagster-parity-matrix\\.md:\\d+: row \"Run UI\": .*"),
            line -> assertThat(line).matches("docs/parity/dagster-parity-matrix\\.md:\\d+: row \"Op/job authoring\": .*"),
            line -> assertThat(line).isEqualTo("parity-matrix-check failed with 2 error(s)"));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void everyCheckPassesOnTheGoodTree() {
    Fixture fixture = Fixture.copy("good", temp);

    for (String check : new String[] {"parity-matrix-check", "adr-check", "docs-check"}) {
      assertThat(run(check, fixture.root().toString())).as(check).isZero();
    }
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("no-such-check")).isEqualTo(2);
  }
}
