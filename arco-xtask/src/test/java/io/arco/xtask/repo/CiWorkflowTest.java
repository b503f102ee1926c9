package io.arco.xtask.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.xtask.Fixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the run commands of a workflow. */
class CiWorkflowTest {
  @TempDir Path temp;

  @Test
  void readsEveryRunCommandWithItsJobAndLine() {
    CiWorkflow workflow = CiWorkflow.of(Fixture.copy("good", temp).repo()).orElseThrow();

    assertThat(workflow.jobs()).containsExactly("arco-flow", "arco-api", "gates");
    assertThat(workflow.commands())
        .containsExactly(
            new CiWorkflow.Command("arco-flow", "mvn -B -pl arco-flow verify", 18),
            new CiWorkflow.Command(
                "arco-flow",
                "mvn -B -pl arco-flow test -Dtest=io.arco.flow.parity.OrchestrationParityGatesM1Test",
                20),
            new CiWorkflow.Command("arco-api", "mvn -B -pl arco-api -am verify", 28),
            new CiWorkflow.Command(
                "arco-api",
                "mvn -B -pl arco-api -am test -Dtest=RunApiTest -Dsurefire.failIfNoSpecifiedTests=false",
                29),
            new CiWorkflow.Command("gates", "./xtask parity-matrix-check", 36),
            new CiWorkflow.Command("gates", "./xtask adr-check", 37),
            new CiWorkflow.Command("gates", "./xtask docs-check", 38));
  }

  @Test
  void quotedCommandsAreUnquotedAndCommentsIgnored() {
    CiWorkflow workflow =
        CiWorkflow.parse(
            "jobs:\n"
                + "  build:\n"
                + "    steps:\n"
                + "      # - run: mvn -B commented\n"
                + "      - run: \"mvn -B verify\"\n"
                + "      - name: many\n"
                + "        run: >\n"
                + "          ./xtask docs-check\n");

    assertThat(workflow.commands())
        .extracting(CiWorkflow.Command::command)
        .containsExactly("mvn -B verify", "./xtask docs-check");
    assertThat(workflow.find("  mvn -B verify ")).isPresent();
    assertThat(workflow.find("mvn -B")).isEmpty();
  }
}
