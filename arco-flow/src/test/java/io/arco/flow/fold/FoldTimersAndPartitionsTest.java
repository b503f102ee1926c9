package io.arco.flow.fold;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.TimerFired;
import io.arco.flow.event.TimerRequested;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TimerState;
import io.arco.flow.model.TimerType;
import io.arco.flow.testing.FoldHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FoldTimersAndPartitionsTest {
  private final FoldHarness h = new FoldHarness();

  @Test
  void aRetryTimerRequestSetsTheRetryDeadlineOfItsWaitingAttempt() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")));
    h.given(dispatch("r1", "a.a", 1), failed("r1", "a.a", 1));
    Instant fireAt = h.now().plusSeconds(45);
    String id = Ids.retryTimerId("r1", "a.a", 1, fireAt);

    assertThat(
            h.apply(
                new TimerRequested(
                    id, TimerType.RETRY, Optional.of("r1"), Optional.of("a.a"), Optional.of(1), fireAt)))
        .isTrue();

    assertThat(h.state().timers().get(id).state()).isEqualTo(TimerState.SCHEDULED);
    assertThat(h.task("r1", "a.a").retryNotBefore()).contains(fireAt);
    h.assertReplayEqualsLive();
  }

  @Test
  void aFiredTimerIsRecordedAndAMissingRowIsCreatedFromItsId() {
    String id = "timer:heartbeat:r1:a.a:1:1736935200";

    assertThat(
            h.apply(
                new TimerFired(
                    id, TimerType.HEARTBEAT_CHECK, Optional.empty(), Optional.empty(), Optional.empty())))
        .isTrue();

    TimerRow row = h.state().timers().get(id);
    assertThat(row.state()).isEqualTo(TimerState.FIRED);
    assertThat(row.runId()).contains("r1");
    assertThat(row.taskKey()).contains("a.a");
    assertThat(row.attempt()).contains(1);
    assertThat(row.fireAt()).isEqualTo(Instant.ofEpochSecond(1736935200));
    h.assertReplayEqualsLive();
  }

  @Test
  void anUnparseableFiredTimerWithoutARowIsNotApplied() {
    assertThat(
            h.apply(
                new TimerFired(
                    "nonsense", TimerType.RETRY, Optional.empty(), Optional.empty(), Optional.empty())))
        .isFalse();
  }

  @Test
  void timerIdsParseWithTaskKeysContainingColons() {
    var parsed = Ids.parseTimerId("timer:retry:r1:a.x@date=d:2025-01-01:3:1700000000").orElseThrow();
    assertThat(parsed.runId()).contains("r1");
    assertThat(parsed.taskKey()).contains("a.x@date=d:2025-01-01");
    assertThat(parsed.attempt()).contains(3);
    assertThat(parsed.fireAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
  }

  private PlanCreated partitionedPlan(String runId) {
    return new PlanCreated(
        runId, "p-" + runId, List.of(task("a.p").withPartitionKey(Optional.of("date=d:2025-01-15"))));
  }

  @Test
  void partitionStatusRecordsMaterializationOnSuccessAndOnlyTheAttemptOnFailure() {
    h.given(runTriggered("r1"), partitionedPlan("r1"));
    h.given(dispatch("r1", "a.p", 1));
    h.apply(
        completion(
            "r1", "a.p", 1, TaskOutcome.SUCCEEDED, Optional.of(output("t", 3, "date=d:2025-01-15")),
            Optional.empty())
            .withPartition("date=d:2025-01-15"));
    PartitionStatusRow ok = h.state().partitionStatus("a.p", "date=d:2025-01-15").orElseThrow();
    assertThat(ok.lastMaterializationRunId()).contains("r1");
    assertThat(ok.lastAttemptOutcome()).contains(TaskOutcome.SUCCEEDED);
    assertThat(ok.deltaVersion()).contains(3L);
    assertThat(ok.executionLineageRef()).isPresent().isEqualTo(h.task("r1", "a.p").executionLineageRef());
    assertThat(ok.deltaPartition()).contains("date=d:2025-01-15");

    h.advance(Duration.ofMinutes(1));
    h.given(runTriggered("r2"), partitionedPlan("r2"), dispatch("r2", "a.p", 1));
    h.apply(failed("r2", "a.p", 1).withPartition("date=d:2025-01-15"));

    PartitionStatusRow after = h.state().partitionStatus("a.p", "date=d:2025-01-15").orElseThrow();
    assertThat(after.lastMaterializationRunId()).contains("r1");
    assertThat(after.lastAttemptRunId()).contains("r2");
    assertThat(after.lastAttemptOutcome()).contains(TaskOutcome.FAILED);
    assertThat(after.deltaVersion()).contains(3L);
    h.assertReplayEqualsLive();
  }
}
