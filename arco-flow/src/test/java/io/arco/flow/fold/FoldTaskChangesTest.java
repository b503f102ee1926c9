package io.arco.flow.fold;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.model.TaskState;
import io.arco.flow.testing.FoldHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldTaskChangesTest {
  private static String line(TaskChange c) {
    return c.runId() + " " + c.taskKey() + ": " + c.before().map(b -> b.state() + "/" + b.attempt()).orElse("NEW")
        + " -> " + c.after().state() + "/" + c.after().attempt();
  }

  @Test
  void aStateThatDoesNotTrackRemembersNoWrites() {
    FoldHarness h = new FoldHarness();
    h.given(runTriggered("r1"), plan("r1", task("a.x"), task("a.y", "a.x")), dispatch("r1", "a.x", 1));

    assertThat(h.state().drainTaskChanges()).isEmpty();
  }

  @Test
  void eachDrainAnswersTheTasksWhoseStateOrAttemptChangedSinceTheLastOneFirstRowToLastRow() {
    FoldHarness h = new FoldHarness();
    h.state().trackTaskChanges();
    h.given(runTriggered("r1"), plan("r1", task("a.y", "a.x"), task("a.x"), task("a.z", "a.x")));

    assertThat(h.state().drainTaskChanges().stream().map(FoldTaskChangesTest::line))
        .containsExactly("r1 a.x: NEW -> READY/0", "r1 a.y: NEW -> BLOCKED/0", "r1 a.z: NEW -> BLOCKED/0");
    assertThat(h.state().drainTaskChanges()).isEmpty();

    // Dispatched, started and succeeded between two drains: one change from the first row to the
    // last, and both downstream tasks made READY by the success.
    h.given(dispatch("r1", "a.x", 1), enqueued("r1", "a.x", 1, "w-1"), started("r1", "a.x", 1), succeeded("r1", "a.x", 1));

    List<TaskChange> changes = h.state().drainTaskChanges();
    assertThat(changes.stream().map(FoldTaskChangesTest::line))
        .containsExactly(
            "r1 a.x: READY/0 -> SUCCEEDED/1", "r1 a.y: BLOCKED/0 -> READY/0", "r1 a.z: BLOCKED/0 -> READY/0");
    assertThat(changes.get(0).after()).isEqualTo(h.task("r1", "a.x"));
  }

  @Test
  void aWriteThatKeepsTheTaskStateAndAttemptIsNoChange() {
    FoldHarness h = new FoldHarness();
    h.state().trackTaskChanges();
    h.given(runTriggered("r1"), plan("r1", task("a.x")), dispatch("r1", "a.x", 1));
    h.state().drainTaskChanges();

    // The worker's id is written into the DISPATCHED row: the row changes, its state does not.
    h.given(enqueued("r1", "a.x", 1, "w-1"));

    assertThat(h.task("r1", "a.x").workerId()).contains("w-1");
    assertThat(h.task("r1", "a.x").state()).isEqualTo(TaskState.DISPATCHED);
    assertThat(h.state().drainTaskChanges()).isEmpty();
  }

  @Test
  void changesOfSeveralRunsComeByRunInTheOrderEachRunFirstChanged() {
    FoldHarness h = new FoldHarness();
    h.state().trackTaskChanges();
    h.given(runTriggered("r2"), runTriggered("r1"), plan("r2", task("b.x")), plan("r1", task("a.x")));

    assertThat(h.state().drainTaskChanges().stream().map(TaskChange::runId)).containsExactly("r2", "r1");
  }
}
