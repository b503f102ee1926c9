package io.arco.flow.control;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.Event;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TimerFired;
import io.arco.flow.event.TimerRequested;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.TaskState;
import io.arco.flow.model.TimerType;
import io.arco.flow.testing.FoldHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerControllerTest {
  private final FoldHarness h = new FoldHarness();
  private final TimerController controller = new TimerController();

  private List<Event> runController(Instant now) {
    List<Event> out = controller.evaluate(ControllerInput.of(h.state(), now));
    out.forEach(h::apply);
    return out;
  }

  @Test
  void aWaitingRetryGetsOneTimerRequestThenFiresOnceItsDeadlinePasses() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")), dispatch("r1", "a.a", 1), failed("r1", "a.a", 1));
    Instant deadline = h.task("r1", "a.a").retryNotBefore().orElseThrow();

    List<Event> early = runController(deadline.minusSeconds(1));
    assertThat(early).singleElement().isInstanceOf(TimerRequested.class);
    assertThat(runController(deadline.minusSeconds(1))).isEmpty();

    List<Event> due = runController(deadline);
    assertThat(due).singleElement().isInstanceOf(TimerFired.class);
    assertThat(((TimerFired) due.get(0)).timerType()).isEqualTo(TimerType.RETRY);
    assertThat(runController(deadline.plusSeconds(5))).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void aSilentAttemptTimesOutAfterItsTimeoutPlusGraceAndFailsRetryably() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")), dispatch("r1", "a.a", 1), started("r1", "a.a", 1));
    Instant deadline = h.now().plusSeconds(300 + 30);

    assertThat(controller.evaluate(ControllerInput.of(h.state(), deadline))).isEmpty();
    List<Event> out = runController(deadline.plusMillis(1));

    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isInstanceOf(TimerFired.class);
    TaskCompletionRecorded timeout = (TaskCompletionRecorded) out.get(1);
    assertThat(timeout.error().orElseThrow().category()).isEqualTo(ErrorCategory.TIMEOUT);
    assertThat(timeout.error().orElseThrow().effectiveRetryable()).isTrue();
    assertThat(timeout.failedAt()).contains(deadline);
    var task = h.task("r1", "a.a");
    assertThat(task.state()).isEqualTo(TaskState.RETRY_WAIT);
    assertThat(task.retryNotBefore()).contains(deadline.plusSeconds(30));
    assertThat(task.errorMessage().orElseThrow()).startsWith("heartbeat_timeout: ");
    h.assertReplayEqualsLive();
  }

  @Test
  void heartbeatsPushTheDeadlineOutAndALateRealCompletionChangesNothingAfterATimeout() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")), dispatch("r1", "a.a", 1), started("r1", "a.a", 1));
    h.advance(Duration.ofSeconds(200));
    h.apply(heartbeat("r1", "a.a", 1, h.now()));
    Instant deadline = h.now().plusSeconds(330);

    assertThat(controller.evaluate(ControllerInput.of(h.state(), deadline))).isEmpty();
    runController(deadline.plusSeconds(1));
    var before = h.state().snapshot();

    boolean late = h.apply(succeeded("r1", "a.a", 1));

    assertThat(late).isFalse();
    assertThat(h.state().snapshot()).isEqualTo(before);
    h.assertReplayEqualsLive();
  }

  @Test
  void aClaimedTaskThatNeverStartsTimesOutFromItsClaimTime() {
    h.given(runTriggered("r1"), plan("r1", task("a.a")), dispatch("r1", "a.a", 1));

    List<Event> out = runController(h.now().plusSeconds(331));

    assertThat(out).hasSize(2);
    assertThat(h.stateOf("r1", "a.a")).isEqualTo(TaskState.RETRY_WAIT);
  }

  @Test
  void claimableTasksAreReadyOnesAndDueRetriesOrderedByReadyTime() {
    h.given(runTriggered("r1"), plan("r1", task("a.a"), task("a.b")));
    h.given(dispatch("r1", "a.a", 1), failed("r1", "a.a", 1));
    Instant due = h.task("r1", "a.a").retryNotBefore().orElseThrow();

    var before = ClaimableTasks.find(h.state(), java.util.Set.of("default-queue"), due.minusSeconds(1), 10);
    var after = ClaimableTasks.find(h.state(), java.util.Set.of("default-queue"), due, 10);
    var otherQueue = ClaimableTasks.find(h.state(), java.util.Set.of("gpu"), due, 10);

    assertThat(before).extracting(c -> c.task().taskKey()).containsExactly("a.b");
    assertThat(after).extracting(c -> c.task().taskKey()).containsExactly("a.b", "a.a");
    assertThat(otherQueue).isEmpty();
  }

  @Test
  void tasksOfACancelRequestedRunAreNotClaimable() {
    h.given(runTriggered("r1"), plan("r1", task("a.a"), task("a.b")));
    h.given(dispatch("r1", "a.a", 1), started("r1", "a.a", 1), cancel("r1"));

    assertThat(ClaimableTasks.find(h.state(), java.util.Set.of("default-queue"), h.now(), 10)).isEmpty();
  }
}
