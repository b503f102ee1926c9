package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowError.CallbackErrorKind;
import io.arco.flow.error.FlowError.CallbackRejected;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.model.TaskError;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskState;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.testing.EngineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A completion for an attempt that already has a terminal result is refused with 409 {@code
 * attempt_already_completed} and appends nothing; exactly the applied completion, redelivered, is
 * still acknowledged (decisions §7.1).
 */
class LateCompletionEngineTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  private final EngineFixture f = new EngineFixture(T0);

  @AfterEach
  void close() {
    f.close();
  }

  /** Deploys {@code keys} with a 30 s heartbeat timeout, triggers one run of them and leases its tasks. */
  private List<LeasedTask> leasedRun(String... keys) {
    ObjectNode manifest = EngineFixture.manifest(keys);
    for (var asset : (ArrayNode) manifest.get("assets")) {
      ((ObjectNode) asset).putObject("execution").put("heartbeatTimeoutSeconds", 30);
    }
    f.deploy(manifest);
    f.engine.triggerRun(
        EngineFixture.WS,
        new TriggerRequest(List.of(keys), false, false, List.of(), Optional.empty(), Optional.empty(), Map.of()),
        "tester");
    return f.lease(keys.length);
  }

  private static TaskTokenClaims claims(LeasedTask t) {
    return EngineFixture.claims(t);
  }


  private void start(LeasedTask t) {
    f.engine.taskStarted(
        new TaskCallbacks.Started(claims(t).taskId(), claims(t), t.attempt(), t.attemptId(), "w"));
  }

  private TaskCallbacks.CompletedAck complete(LeasedTask t, TaskOutcome outcome) {
    Optional<TaskError> error =
        outcome == TaskOutcome.FAILED
            ? Optional.of(new TaskError(ErrorCategory.USER_CODE, "boom", Optional.empty(), Optional.of(true)))
            : Optional.empty();
    return f.engine.taskCompleted(
        new TaskCallbacks.Completed(
            claims(t).taskId(), claims(t), t.attempt(), t.attemptId(), "w", outcome, Optional.empty(),
            error, Optional.empty(), Optional.empty(), Optional.empty()));
  }

  private static CallbackRejected refusal(Runnable call) {
    try {
      call.run();
    } catch (FlowException e) {
      FlowError error = e.error();
      assertThat(error).isInstanceOf(CallbackRejected.class);
      return (CallbackRejected) error;
    }
    throw new AssertionError("expected a refusal");
  }

  private TaskRow task(LeasedTask t) {
    return f.engine.read(EngineFixture.WS, s -> s.task(t.runId(), t.taskKey()).orElseThrow());
  }

  private long head() {
    return f.store.head(EngineFixture.WS);
  }

  private long completionsOf(LeasedTask t) {
    return f.store.read(EngineFixture.WS, 0, 100_000).stream()
        .map(e -> e.envelope().data())
        .filter(d -> d instanceof TaskCompletionRecorded c && c.taskKey().equals(t.taskKey()))
        .count();
  }

  private static void assertAttemptAlreadyCompleted(CallbackRejected r, int attempt, String state) {
    assertThat(r.kind()).isEqualTo(CallbackErrorKind.ATTEMPT_ALREADY_COMPLETED);
    assertThat(r.message())
        .isEqualTo("Attempt " + attempt + " already reported a terminal result; task state is " + state);
    assertThat(r.state()).contains(state);
    assertThat(r.expectedAttempt()).contains(attempt);
    assertThat(r.receivedAttempt()).contains(attempt);
  }

  @Test
  void lateSuccessAfterAHeartbeatTimeoutIsRefusedWhileTheTaskWaitsToRetry() {
    LeasedTask t = leasedRun("c.a").get(0);
    start(t);
    f.advance(Duration.ofSeconds(66));
    assertThat(task(t).state()).isEqualTo(TaskState.RETRY_WAIT);
    long before = head();

    CallbackRejected r = refusal(() -> complete(t, TaskOutcome.SUCCEEDED));

    assertAttemptAlreadyCompleted(r, 1, "RETRY_WAIT");
    assertThat(head()).as("nothing appended").isEqualTo(before);
    assertThat(task(t).state()).isEqualTo(TaskState.RETRY_WAIT);
  }

  @Test
  void lateSuccessOfATimedOutAttemptIsRefusedAfterTheRetryWasLeased() {
    LeasedTask first = leasedRun("c.a").get(0);
    start(first);
    f.advance(Duration.ofSeconds(66));
    f.advance(Duration.ofSeconds(300));
    LeasedTask second = f.lease(1).get(0);
    assertThat(second.attempt()).isEqualTo(2);
    long before = head();

    CallbackRejected r = refusal(() -> complete(first, TaskOutcome.SUCCEEDED));

    assertAttemptAlreadyCompleted(r, 1, "DISPATCHED");
    assertThat(head()).isEqualTo(before);
    assertThat(complete(second, TaskOutcome.SUCCEEDED).finalState()).isEqualTo(TaskOutcome.SUCCEEDED);
  }

  @Test
  void aSuccessAfterTheAttemptReportedAFailureIsRefused() {
    LeasedTask t = leasedRun("c.a").get(0);
    start(t);
    assertThat(complete(t, TaskOutcome.FAILED).finalState()).isEqualTo(TaskOutcome.FAILED);
    long before = head();

    CallbackRejected r = refusal(() -> complete(t, TaskOutcome.SUCCEEDED));

    assertAttemptAlreadyCompleted(r, 1, "RETRY_WAIT");
    assertThat(head()).isEqualTo(before);
    assertThat(completionsOf(t)).isEqualTo(1);
  }

  @Test
  void redeliveringTheAppliedCompletionIsAcknowledgedAndAppendsNothing() {
    LeasedTask t = leasedRun("c.a").get(0);
    start(t);
    complete(t, TaskOutcome.FAILED);
    long before = head();

    TaskCallbacks.CompletedAck again = complete(t, TaskOutcome.FAILED);

    assertThat(again.finalState()).isEqualTo(TaskOutcome.FAILED);
    assertThat(head()).isEqualTo(before);
    assertThat(task(t).state()).isEqualTo(TaskState.RETRY_WAIT);
  }

  @Test
  void ofRacingConflictingCompletionsExactlyTheAppliedOneIsAcknowledged() throws Exception {
    String[] keys = new String[12];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "c.t" + i;
    }
    List<LeasedTask> tasks = leasedRun(keys);
    assertThat(tasks).hasSize(keys.length);
    tasks.forEach(this::start);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      record Answer(LeasedTask task, TaskOutcome sent, Optional<CallbackRejected> refused) {}
      List<Future<Answer>> answers = new ArrayList<>();
      for (LeasedTask t : tasks) {
        for (TaskOutcome outcome : List.of(TaskOutcome.FAILED, TaskOutcome.SUCCEEDED)) {
          answers.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      complete(t, outcome);
                      return new Answer(t, outcome, Optional.empty());
                    } catch (FlowException e) {
                      return new Answer(t, outcome, Optional.of((CallbackRejected) e.error()));
                    }
                  }));
        }
      }
      go.countDown();
      List<Answer> all = new ArrayList<>();
      for (Future<Answer> a : answers) {
        all.add(a.get());
      }
      for (LeasedTask t : tasks) {
        List<Answer> mine = all.stream().filter(a -> a.task() == t).toList();
        List<Answer> acknowledged = mine.stream().filter(a -> a.refused().isEmpty()).toList();
        assertThat(acknowledged).as(t.taskKey()).hasSize(1);
        TaskState state = task(t).state();
        TaskOutcome applied = acknowledged.get(0).sent();
        assertThat(state)
            .isEqualTo(applied == TaskOutcome.SUCCEEDED ? TaskState.SUCCEEDED : TaskState.RETRY_WAIT);
        CallbackRejected refused =
            mine.stream().filter(a -> a.refused().isPresent()).findFirst().orElseThrow().refused().get();
        assertThat(refused.kind())
            .isEqualTo(
                applied == TaskOutcome.SUCCEEDED
                    ? CallbackErrorKind.TASK_ALREADY_TERMINAL
                    : CallbackErrorKind.ATTEMPT_ALREADY_COMPLETED);
        assertThat(completionsOf(t)).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
