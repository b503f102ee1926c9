package io.arco.flow.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskTransitionsTest {
  @Test
  void theDocumentedDiagramIsTheOneGeneratedFromTheTable() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "task-state-machine.md"));

    assertThat(page).contains("```mermaid\n" + TaskTransitions.mermaid() + "```");
  }

  @Test
  void terminalStatesAreAbsorbingAndEveryStateButPlannedIsReachable() {
    for (TaskState from : TaskState.values()) {
      for (TaskState to : TaskState.values()) {
        if (from.isTerminal() && from != to) {
          assertThat(TaskTransitions.allows(Optional.of(from), to)).as(from + " -> " + to).isFalse();
        }
      }
    }
    for (TaskState s : TaskState.values()) {
      boolean reachable = TaskTransitions.ALL.stream().anyMatch(t -> t.to() == s);
      assertThat(reachable).as(s.name()).isEqualTo(s != TaskState.PLANNED);
    }
  }

  @Test
  void aTaskStartsOnlyFromItsDispatchAndIsLeasedOnlyWhenReadyOrWaitingToRetry() {
    assertThat(TaskTransitions.allows(Optional.of(TaskState.DISPATCHED), TaskState.RUNNING)).isTrue();
    assertThat(TaskTransitions.allows(Optional.of(TaskState.READY), TaskState.RUNNING)).isFalse();
    assertThat(TaskTransitions.allows(Optional.of(TaskState.BLOCKED), TaskState.DISPATCHED)).isFalse();
    assertThat(TaskTransitions.allows(Optional.of(TaskState.RETRY_WAIT), TaskState.DISPATCHED)).isTrue();
    assertThat(TaskTransitions.allows(Optional.empty(), TaskState.RUNNING)).isFalse();
  }
}
