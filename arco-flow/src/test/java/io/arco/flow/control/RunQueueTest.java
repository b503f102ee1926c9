package io.arco.flow.control;

import static io.arco.flow.testing.Events.cancel;
import static io.arco.flow.testing.Events.dispatch;
import static io.arco.flow.testing.Events.plan;
import static io.arco.flow.testing.Events.runTriggered;
import static io.arco.flow.testing.Events.settings;
import static io.arco.flow.testing.Events.started;
import static io.arco.flow.testing.Events.succeeded;
import static io.arco.flow.testing.Events.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.LabelLimit;
import io.arco.flow.model.QueueReason;
import io.arco.flow.testing.FoldHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunQueueTest {
  private final FoldHarness h = new FoldHarness();

  /** A planned one-task run {@code runId} carrying {@code labels}, triggered now. */
  private void aRun(String runId, Map<String, String> labels) {
    h.given(runTriggered(runId, labels), plan(runId, task("s.a")));
  }

  private void aRun(String runId) {
    aRun(runId, Map.of());
  }

  private void lease(String runId) {
    h.given(dispatch(runId, "s.a", 1), started(runId, "s.a", 1));
  }

  private void finish(String runId) {
    h.apply(succeeded(runId, "s.a", 1));
  }

  private RunQueue queue() {
    return RunQueue.of(h.state());
  }

  private List<String> claimableRuns() {
    return ClaimableTasks.find(h.state(), Set.of("default-queue"), h.now(), 100).stream()
        .map(c -> c.task().runId())
        .toList();
  }

  private static LabelLimit limit(String label, String value, int limit) {
    return new LabelLimit(label, Optional.ofNullable(value), limit);
  }

  @Test
  void withoutLimitsNothingIsHeld() {
    aRun("r1");
    aRun("r2");
    lease("r1");

    assertThat(queue().heldRuns()).isEmpty();
    assertThat(queue().reasons("r2")).isEmpty();
    assertThat(claimableRuns()).containsExactly("r2");
  }

  @Test
  void heldRunsQueueByTriggeredTimeThenRunIdAndLeaveInThatOrder() {
    h.apply(settings(Optional.of(1)));
    aRun("run_c");
    h.advance(Duration.ofSeconds(1));
    aRun("run_b");
    aRun("run_a");
    h.advance(Duration.ofSeconds(1));
    aRun("run_0");

    assertThat(queue().heldRuns()).containsExactly("run_a", "run_b", "run_0");
    assertThat(claimableRuns()).containsExactly("run_c");

    lease("run_c");
    assertThat(queue().heldRuns()).containsExactly("run_a", "run_b", "run_0");
    finish("run_c");
    assertThat(queue().heldRuns()).containsExactly("run_b", "run_0");
    assertThat(claimableRuns()).containsExactly("run_a");

    lease("run_a");
    finish("run_a");
    assertThat(claimableRuns()).containsExactly("run_b");
    h.assertReplayEqualsLive();
  }

  @Test
  void aReasonCountsRunsInProgressAndRunsAdmittedAheadOfIt() {
    h.apply(settings(Optional.of(2)));
    aRun("r1");
    aRun("r2");
    aRun("r3");
    lease("r1");

    assertThat(queue().reasons("r2")).isEmpty();
    assertThat(queue().reasons("r3")).containsExactly(new QueueReason.MaxConcurrentRuns(2, 2));
    assertThat(claimableRuns()).containsExactly("r2");
  }

  @Test
  void aLabelLimitWithAValueHoldsOnlyRunsWithThatValue() {
    h.apply(settings(Optional.empty(), limit("team", "growth", 1)));
    aRun("g1", Map.of("team", "growth"));
    aRun("g2", Map.of("team", "growth"));
    aRun("c1", Map.of("team", "core"));
    aRun("n1");
    lease("g1");

    assertThat(queue().heldRuns()).containsExactly("g2");
    assertThat(queue().reasons("g2"))
        .containsExactly(new QueueReason.LabelLimitReached("team", Optional.of("growth"), 1, 1));
    assertThat(claimableRuns()).containsExactlyInAnyOrder("c1", "n1");
  }

  @Test
  void aLabelLimitWithoutAValueCountsEveryValueOfTheLabel() {
    h.apply(settings(Optional.empty(), limit("team", null, 2)));
    aRun("g1", Map.of("team", "growth"));
    aRun("c1", Map.of("team", "core"));
    aRun("g2", Map.of("team", "growth"));
    aRun("n1", Map.of("owner", "growth"));

    assertThat(queue().heldRuns()).containsExactly("g2");
    assertThat(queue().reasons("g2"))
        .containsExactly(new QueueReason.LabelLimitReached("team", Optional.empty(), 2, 2));
    assertThat(claimableRuns()).containsExactlyInAnyOrder("g1", "c1", "n1");
  }

  @Test
  void aHeldRunTakesNoSlotFromALaterRunThatDoesNotCompeteForTheSameLimit() {
    h.apply(settings(Optional.of(3), limit("team", "growth", 1)));
    aRun("g1", Map.of("team", "growth"));
    aRun("g2", Map.of("team", "growth"));
    aRun("c1", Map.of("team", "core"));
    aRun("c2", Map.of("team", "core"));

    assertThat(queue().heldRuns()).containsExactly("g2");
    assertThat(claimableRuns()).containsExactlyInAnyOrder("g1", "c1", "c2");
  }

  @Test
  void aRunListsEveryLimitItIsHeldByGlobalCapFirst() {
    h.apply(settings(Optional.of(1), limit("team", null, 1), limit("team", "growth", 5)));
    aRun("g1", Map.of("team", "growth"));
    aRun("g2", Map.of("team", "growth"));

    assertThat(queue().reasons("g2"))
        .containsExactly(
            new QueueReason.MaxConcurrentRuns(1, 1),
            new QueueReason.LabelLimitReached("team", Optional.empty(), 1, 1));
  }

  @Test
  void runsWithACancelRequestAreNotQueuedAndTakeNoSlot() {
    h.apply(settings(Optional.of(1)));
    aRun("r1");
    aRun("r2");
    h.apply(cancel("r1"));

    assertThat(queue().heldRuns()).isEmpty();
    assertThat(claimableRuns()).containsExactly("r2");
  }

  @Test
  void theQueueIsTheSameAfterAReplayAndAfterASnapshot() {
    h.apply(settings(Optional.of(2), limit("team", "growth", 1)));
    aRun("g1", Map.of("team", "growth"));
    aRun("g2", Map.of("team", "growth"));
    aRun("r1");
    aRun("r2");
    lease("g1");

    FoldState replayed = new FoldState();
    h.log().forEach(e -> Fold.apply(replayed, e));
    FoldState restored = FoldState.fromSnapshot(h.state().snapshot());

    for (FoldState other : List.of(replayed, restored)) {
      RunQueue again = RunQueue.of(other);
      assertThat(again.heldRuns()).isEqualTo(queue().heldRuns()).containsExactly("g2", "r2");
      for (String run : List.of("g1", "g2", "r1", "r2")) {
        assertThat(again.reasons(run)).isEqualTo(queue().reasons(run));
      }
    }
    h.assertReplayEqualsLive();
  }
}
