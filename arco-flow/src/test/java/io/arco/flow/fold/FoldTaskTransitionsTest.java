package io.arco.flow.fold;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.TaskFinished;
import io.arco.flow.model.DispatchStatus;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.Ids;
import io.arco.flow.model.RunState;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskState;
import io.arco.flow.testing.FoldHarness;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FoldTaskTransitionsTest {
  private final FoldHarness h = new FoldHarness();

  @BeforeEach
  void aRunWithOneTask() {
    h.given(runTriggered("r1"), plan("r1", task("a.x"), task("a.y", "a.x")));
  }

  @Test
  void dispatchMovesAReadyTaskToDispatchedWithTheNewAttemptAndRecordsTheOutbox() {
    boolean applied = h.apply(dispatch("r1", "a.x", 1));

    assertThat(applied).isTrue();
    TaskRow t = h.task("r1", "a.x");
    assertThat(t.state()).isEqualTo(TaskState.DISPATCHED);
    assertThat(t.attempt()).isEqualTo(1);
    assertThat(t.attemptId()).contains("att_" + Ids.attemptId("r1", "a.x", 1).substring(4));
    assertThat(t.dispatchedAt()).contains(FoldHarness.T0);
    OutboxRow row = h.state().outbox().get("dispatch:r1:a.x:1");
    assertThat(row.status()).isEqualTo(DispatchStatus.PENDING);
    h.assertReplayEqualsLive();
  }

  @Test
  void dispatchForABlockedUnknownOrTerminalTaskCreatesNothing() {
    assertThat(h.apply(dispatch("r1", "a.y", 1))).isFalse();
    assertThat(h.apply(dispatch("r1", "a.nope", 1))).isFalse();
    assertThat(h.apply(dispatch("r9", "a.x", 1))).isFalse();

    assertThat(h.state().outbox()).isEmpty();
    assertThat(h.stateOf("r1", "a.y")).isEqualTo(TaskState.BLOCKED);
    h.assertReplayEqualsLive();
  }

  @Test
  void dispatchEnqueuedMarksTheOutboxCreatedAndRecordsTheWorker() {
    h.given(dispatch("r1", "a.x", 1));

    assertThat(h.apply(enqueued("r1", "a.x", 1, "worker-7"))).isTrue();

    assertThat(h.state().outbox().get("dispatch:r1:a.x:1").status()).isEqualTo(DispatchStatus.CREATED);
    assertThat(h.task("r1", "a.x").workerId()).contains("worker-7");
    h.assertReplayEqualsLive();
  }

  @Test
  void startAppliesOnlyToTheDispatchedAttemptAndRemovesItsOutboxRow() {
    h.given(dispatch("r1", "a.x", 1));

    assertThat(h.apply(started("r1", "a.x", 1))).isTrue();

    TaskRow t = h.task("r1", "a.x");
    assertThat(t.state()).isEqualTo(TaskState.RUNNING);
    assertThat(t.startedAt()).contains(FoldHarness.T0);
    assertThat(h.state().outbox()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void startWithAnotherAttemptIdOrAttemptIsIgnored() {
    h.given(dispatch("r1", "a.x", 1));

    var wrongId = new io.arco.flow.event.TaskStarted("r1", "a.x", 1, "att_other", "w1");
    assertThat(h.applyWithKey(wrongId, "started:x")).isFalse();
    assertThat(h.apply(started("r1", "a.x", 2))).isFalse();
    assertThat(h.stateOf("r1", "a.x")).isEqualTo(TaskState.DISPATCHED);
    h.assertReplayEqualsLive();
  }

  @Test
  void startForAReadyTaskThatWasNeverDispatchedIsIgnored() {
    assertThat(h.apply(started("r1", "a.x", 1))).isFalse();
    assertThat(h.stateOf("r1", "a.x")).isEqualTo(TaskState.READY);
    h.assertReplayEqualsLive();
  }

  @Test
  void repeatedStartOfARunningAttemptIsANoOp() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1));
    var before = h.state().snapshot();

    assertThat(h.applyWithKey(started("r1", "a.x", 1), "started:again")).isFalse();

    assertThat(h.state().snapshot()).isEqualTo(before);
  }

  @Test
  void heartbeatOfTheCurrentAttemptMovesLastHeartbeatForwardOnly() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1));
    var t1 = FoldHarness.T0.plusSeconds(10);
    var t0 = FoldHarness.T0.plusSeconds(5);

    assertThat(h.apply(heartbeat("r1", "a.x", 1, t1))).isTrue();
    assertThat(h.apply(heartbeat("r1", "a.x", 1, t0))).isFalse();

    assertThat(h.task("r1", "a.x").lastHeartbeatAt()).contains(t1);
    h.assertReplayEqualsLive();
  }

  @Test
  void lateHeartbeatForAnOldAttemptChangesNothing() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1), failed("r1", "a.x", 1));
    h.advance(Duration.ofMinutes(1));
    h.given(dispatch("r1", "a.x", 2), started("r1", "a.x", 2));
    var before = h.state().snapshot();

    assertThat(h.apply(heartbeat("r1", "a.x", 1, h.now()))).isFalse();

    assertThat(h.state().snapshot()).isEqualTo(before);
    assertThat(h.task("r1", "a.x").lastHeartbeatAt()).isEmpty();
  }

  @Test
  void successSatisfiesOutEdgesAndReadiesTheDownstream() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1));
    h.advance(Duration.ofSeconds(3));

    assertThat(h.apply(succeeded("r1", "a.x", 1))).isTrue();

    TaskRow x = h.task("r1", "a.x");
    assertThat(x.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(x.completedAt()).contains(FoldHarness.T0.plusSeconds(3));
    EdgeRow edge = h.state().edge("r1", "a.x", "a.y").orElseThrow();
    assertThat(edge.satisfied()).isTrue();
    assertThat(edge.resolution()).contains(io.arco.flow.model.EdgeResolution.SUCCESS);
    assertThat(edge.satisfyingAttempt()).contains(1);
    TaskRow y = h.task("r1", "a.y");
    assertThat(y.state()).isEqualTo(TaskState.READY);
    assertThat(y.depsSatisfiedCount()).isEqualTo(1);
    assertThat(y.readyAt()).contains(FoldHarness.T0.plusSeconds(3));
    h.assertReplayEqualsLive();
  }

  @Test
  void duplicateCompletionUnderTheSameKeyIsANoOpEvenFromTheLegacyEvent() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1), succeeded("r1", "a.x", 1));
    var before = h.state().snapshot();

    assertThat(h.apply(succeeded("r1", "a.x", 1))).isFalse();
    var legacy =
        new TaskFinished(
            "r1", "a.x", 1, attemptId("r1", "a.x", 1), "w1", TaskOutcome.FAILED,
            Optional.empty(), Optional.of("late"), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
    assertThat(h.apply(legacy)).isFalse();

    assertThat(h.state().snapshot()).isEqualTo(before);
    assertThat(h.state().run("r1").orElseThrow().tasksSucceeded()).isEqualTo(1);
    assertThat(h.task("r1", "a.y").depsSatisfiedCount()).isEqualTo(1);
  }

  @Test
  void retryableFailureEntersRetryWaitWithTheDefaultBackoffDeadline() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1));

    assertThat(h.apply(failed("r1", "a.x", 1))).isTrue();

    TaskRow x = h.task("r1", "a.x");
    assertThat(x.state()).isEqualTo(TaskState.RETRY_WAIT);
    assertThat(x.attempt()).isEqualTo(1);
    assertThat(x.retryNotBefore()).contains(FoldHarness.T0.plusSeconds(30));
    assertThat(x.errorMessage()).contains("boom a.x");
    assertThat(x.errorCategory()).contains(ErrorCategory.USER_CODE);
    assertThat(x.completedAt()).isEmpty();
    assertThat(h.state().run("r1").orElseThrow().tasksCompleted()).isZero();
    assertThat(h.stateOf("r1", "a.y")).isEqualTo(TaskState.BLOCKED);
    h.assertReplayEqualsLive();
  }

  @Test
  void theNextAttemptIsDispatchedFromRetryWaitWithAFreshAttemptId() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1), failed("r1", "a.x", 1));

    assertThat(h.apply(dispatch("r1", "a.x", 1))).isFalse();
    assertThat(h.apply(dispatch("r1", "a.x", 2))).isTrue();

    TaskRow x = h.task("r1", "a.x");
    assertThat(x.attempt()).isEqualTo(2);
    assertThat(x.attemptId()).contains(attemptId("r1", "a.x", 2));
    assertThat(x.retryNotBefore()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void staleCompletionOfAnOldAttemptAfterTheRetryStartedIsRejected() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1), failed("r1", "a.x", 1));
    h.given(dispatch("r1", "a.x", 2), started("r1", "a.x", 2));

    boolean late = h.applyWithKey(succeeded("r1", "a.x", 1), "finished:late");

    assertThat(late).isFalse();
    TaskRow x = h.task("r1", "a.x");
    assertThat(x.state()).isEqualTo(TaskState.RUNNING);
    assertThat(x.attempt()).isEqualTo(2);
    assertThat(x.completedAt()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void aSucceededTaskIsNotOverwrittenByALateFailure() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1), succeeded("r1", "a.x", 1));

    assertThat(h.applyWithKey(failed("r1", "a.x", 1), "finished:other")).isFalse();

    assertThat(h.stateOf("r1", "a.x")).isEqualTo(TaskState.SUCCEEDED);
    h.assertReplayEqualsLive();
  }

  @Test
  void exhaustedAttemptsFailTerminallyWithoutARetryDeadline() {
    for (int a = 1; a <= 3; a++) {
      h.given(dispatch("r1", "a.x", a), started("r1", "a.x", a), failed("r1", "a.x", a));
    }

    TaskRow x = h.task("r1", "a.x");
    assertThat(x.state()).isEqualTo(TaskState.FAILED);
    assertThat(x.attempt()).isEqualTo(3);
    assertThat(x.retryNotBefore()).isEmpty();
    assertThat(x.completedAt()).isPresent();
    assertThat(h.state().run("r1").orElseThrow().state()).isEqualTo(RunState.FAILED);
    h.assertReplayEqualsLive();
  }

  @Test
  void nonRetryableFailureIsTerminalOnTheFirstAttempt() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1));

    h.apply(failed("r1", "a.x", 1, ErrorCategory.DATA_QUALITY));

    assertThat(h.stateOf("r1", "a.x")).isEqualTo(TaskState.FAILED);
    assertThat(h.stateOf("r1", "a.y")).isEqualTo(TaskState.SKIPPED);
    h.assertReplayEqualsLive();
  }

  @Test
  void failureWithoutAStructuredErrorCountsAsRetryable() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1));

    h.apply(completion("r1", "a.x", 1, TaskOutcome.FAILED, Optional.empty(), Optional.empty()));

    assertThat(h.stateOf("r1", "a.x")).isEqualTo(TaskState.RETRY_WAIT);
    h.assertReplayEqualsLive();
  }

  @Test
  void completionOfADispatchedButNeverStartedAttemptApplies() {
    h.given(dispatch("r1", "a.x", 1));

    assertThat(h.apply(succeeded("r1", "a.x", 1))).isTrue();

    assertThat(h.stateOf("r1", "a.x")).isEqualTo(TaskState.SUCCEEDED);
    h.assertReplayEqualsLive();
  }

  @Test
  void completionForANeverDispatchedTaskIsIgnored() {
    assertThat(h.apply(succeeded("r1", "a.x", 1))).isFalse();
    assertThat(h.stateOf("r1", "a.x")).isEqualTo(TaskState.READY);
    h.assertReplayEqualsLive();
  }

  @Test
  void successRecordsLineageFieldsAndTheExecutionLineageRef() {
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1));

    h.apply(succeeded("r1", "a.x", 1, output("a.x_table", 17, "date=d:2025-01-15")));

    TaskRow x = h.task("r1", "a.x");
    assertThat(x.deltaTable()).contains("a.x_table");
    assertThat(x.deltaVersion()).contains(17L);
    assertThat(x.deltaPartition()).contains("date=d:2025-01-15");
    assertThat(x.materializationId()).contains("mat-1");
    assertThat(x.executionLineageRef())
        .contains(
            "{\"runId\":\"r1\",\"taskKey\":\"a.x\",\"attempt\":1,\"materializationId\":\"mat-1\","
                + "\"deltaTable\":\"a.x_table\",\"deltaVersion\":17,\"deltaPartition\":\"date=d:2025-01-15\"}");
    h.assertReplayEqualsLive();
  }

  @Test
  void retryBackoffUsesTheTasksCustomBaseAndCap() {
    var fast = task("a.f").withRetry(5, Optional.of(2), Optional.of(5));
    h.given(runTriggered("r2"), plan("r2", fast));
    h.given(dispatch("r2", "a.f", 1), started("r2", "a.f", 1), failed("r2", "a.f", 1));
    assertThat(h.task("r2", "a.f").retryNotBefore()).contains(h.now().plusSeconds(2));
    h.given(dispatch("r2", "a.f", 2), failed("r2", "a.f", 2));
    assertThat(h.task("r2", "a.f").retryNotBefore()).contains(h.now().plusSeconds(4));
    h.given(dispatch("r2", "a.f", 3), failed("r2", "a.f", 3));
    assertThat(h.task("r2", "a.f").retryNotBefore()).contains(h.now().plusSeconds(5));
    h.assertReplayEqualsLive();
  }
}
