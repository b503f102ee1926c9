package io.arco.flow.fold;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.arco.flow.model.EdgeResolution;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.RunState;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskState;
import io.arco.flow.testing.FoldHarness;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FoldPropagationAndCancelTest {
  private final FoldHarness h = new FoldHarness();

  private void chain() {
    h.given(runTriggered("r1"), plan("r1", task("a.a"), task("a.b", "a.a"), task("a.c", "a.b")));
  }

  @Test
  void terminalFailureSkipsDownstreamTransitivelyRecordingEachCausingEdge() {
    chain();
    h.given(dispatch("r1", "a.a", 1), started("r1", "a.a", 1));

    h.apply(failed("r1", "a.a", 1, ErrorCategory.CONFIGURATION));

    assertThat(h.stateOf("r1", "a.a")).isEqualTo(TaskState.FAILED);
    assertThat(h.stateOf("r1", "a.b")).isEqualTo(TaskState.SKIPPED);
    assertThat(h.stateOf("r1", "a.c")).isEqualTo(TaskState.SKIPPED);
    assertThat(h.task("r1", "a.b").completedAt()).isEmpty();
    assertThat(h.state().edgesOf("r1"))
        .extracting(EdgeRow::upstreamTaskKey, EdgeRow::downstreamTaskKey, EdgeRow::resolution)
        .containsExactly(
            tuple("a.a", "a.b", Optional.of(EdgeResolution.FAILED)),
            tuple("a.b", "a.c", Optional.of(EdgeResolution.SKIPPED)));
    RunRow run = h.state().run("r1").orElseThrow();
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(run.tasksFailed()).isEqualTo(1);
    assertThat(run.tasksSkipped()).isEqualTo(2);
    h.assertReplayEqualsLive();
  }

  @Test
  void skippedOutcomePropagatesSkippedAndDoesNotFailTheRun() {
    chain();
    h.given(dispatch("r1", "a.a", 1));

    h.apply(completion("r1", "a.a", 1, TaskOutcome.SKIPPED, Optional.empty(), Optional.empty()));

    assertThat(h.stateOf("r1", "a.b")).isEqualTo(TaskState.SKIPPED);
    assertThat(h.state().edge("r1", "a.a", "a.b").orElseThrow().resolution())
        .contains(EdgeResolution.SKIPPED);
    assertThat(h.state().run("r1").orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    h.assertReplayEqualsLive();
  }

  @Test
  void cancelledOutcomeCascadesCancelledAndCancelsTheRun() {
    chain();
    h.given(dispatch("r1", "a.a", 1), started("r1", "a.a", 1));

    h.apply(cancelledOutcome("r1", "a.a", 1));

    assertThat(h.stateOf("r1", "a.b")).isEqualTo(TaskState.CANCELLED);
    assertThat(h.stateOf("r1", "a.c")).isEqualTo(TaskState.CANCELLED);
    assertThat(h.state().edgesOf("r1"))
        .extracting(EdgeRow::resolution)
        .containsOnly(Optional.of(EdgeResolution.CANCELLED));
    assertThat(h.state().run("r1").orElseThrow().state()).isEqualTo(RunState.CANCELLED);
    h.assertReplayEqualsLive();
  }

  @Test
  void anAlreadyTerminalDownstreamKeepsItsStateButItsEdgeIsRewritten() {
    h.given(runTriggered("r1"), plan("r1", task("a.a"), task("a.b"), task("a.c", "a.a", "a.b")));
    h.given(dispatch("r1", "a.a", 1), failed("r1", "a.a", 1, ErrorCategory.CONFIGURATION));
    assertThat(h.stateOf("r1", "a.c")).isEqualTo(TaskState.SKIPPED);

    h.given(dispatch("r1", "a.b", 1), failed("r1", "a.b", 1, ErrorCategory.CONFIGURATION));

    assertThat(h.stateOf("r1", "a.c")).isEqualTo(TaskState.SKIPPED);
    assertThat(h.state().edge("r1", "a.b", "a.c").orElseThrow().resolution())
        .contains(EdgeResolution.FAILED);
    assertThat(h.state().run("r1").orElseThrow().tasksSkipped()).isEqualTo(1);
    h.assertReplayEqualsLive();
  }

  @Test
  void cancelRequestCancelsEveryPendingTaskButLetsRunningOnesFinish() {
    h.given(runTriggered("r1"), plan("r1", task("a.a"), task("a.b"), task("a.c", "a.a")));
    h.given(dispatch("r1", "a.a", 1), started("r1", "a.a", 1), dispatch("r1", "a.b", 1));

    assertThat(h.apply(cancel("r1"))).isTrue();

    RunRow run = h.state().run("r1").orElseThrow();
    assertThat(run.cancelRequested()).isTrue();
    assertThat(run.state()).isEqualTo(RunState.RUNNING);
    assertThat(h.stateOf("r1", "a.a")).isEqualTo(TaskState.RUNNING);
    assertThat(h.stateOf("r1", "a.b")).isEqualTo(TaskState.CANCELLED);
    assertThat(h.stateOf("r1", "a.c")).isEqualTo(TaskState.CANCELLED);
    assertThat(h.state().outbox()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void cancelBeatsRetryARetryableFailureAfterACancelEndsCancelled() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")));
    h.given(dispatch("r1", "a.a", 1), started("r1", "a.a", 1), cancel("r1"));

    h.apply(failed("r1", "a.a", 1));

    assertThat(h.stateOf("r1", "a.a")).isEqualTo(TaskState.CANCELLED);
    assertThat(h.state().run("r1").orElseThrow().state()).isEqualTo(RunState.CANCELLED);
    h.assertReplayEqualsLive();
  }

  @Test
  void aTaskWaitingToRetryIsCancelledByTheCancelRequest() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")));
    h.given(dispatch("r1", "a.a", 1), started("r1", "a.a", 1), failed("r1", "a.a", 1));

    h.apply(cancel("r1"));

    assertThat(h.stateOf("r1", "a.a")).isEqualTo(TaskState.CANCELLED);
    assertThat(h.task("r1", "a.a").retryNotBefore()).isEmpty();
    assertThat(h.state().run("r1").orElseThrow().state()).isEqualTo(RunState.CANCELLED);
    h.assertReplayEqualsLive();
  }

  @Test
  void aRunningTaskThatSucceedsAfterTheCancelStaysSucceeded() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")));
    h.given(dispatch("r1", "a.a", 1), started("r1", "a.a", 1), cancel("r1"));

    h.apply(succeeded("r1", "a.a", 1));

    assertThat(h.stateOf("r1", "a.a")).isEqualTo(TaskState.SUCCEEDED);
    assertThat(h.state().run("r1").orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    h.assertReplayEqualsLive();
  }

  @Test
  void aCancelledDispatchedTaskIgnoresALateStart() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")));
    h.given(dispatch("r1", "a.a", 1), cancel("r1"));

    assertThat(h.apply(started("r1", "a.a", 1))).isFalse();

    TaskRow t = h.task("r1", "a.a");
    assertThat(t.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(t.startedAt()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void cancelRequestForATerminalRunIsIgnoredAndPreservesTerminalTasks() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")));
    h.given(dispatch("r1", "a.a", 1), succeeded("r1", "a.a", 1));

    assertThat(h.apply(cancel("r1"))).isFalse();

    assertThat(h.state().run("r1").orElseThrow().cancelRequested()).isFalse();
    assertThat(h.stateOf("r1", "a.a")).isEqualTo(TaskState.SUCCEEDED);
    h.assertReplayEqualsLive();
  }

  @Test
  void cancelRequestWithSucceededTaskAndPendingOnesEndsCancelled() {
    h.given(runTriggered("r1"), plan("r1", task("a.a"), task("a.b", "a.a")));
    h.given(dispatch("r1", "a.a", 1), succeeded("r1", "a.a", 1));

    h.apply(cancel("r1"));

    assertThat(h.stateOf("r1", "a.a")).isEqualTo(TaskState.SUCCEEDED);
    assertThat(h.stateOf("r1", "a.b")).isEqualTo(TaskState.CANCELLED);
    RunRow run = h.state().run("r1").orElseThrow();
    assertThat(run.state()).isEqualTo(RunState.CANCELLED);
    assertThat(run.tasksCompleted()).isEqualTo(2);
    h.assertReplayEqualsLive();
  }
}
