package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.testing.CountingStore;
import io.arco.flow.testing.EngineFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long poll that finds nothing waits at the workspace's writer and is served inside the batch
 * that makes a task claimable; a batch of reports is one commit.
 */
class WaitingPollEngineTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  private final CountingStore store = new CountingStore();
  private final EngineFixture f = new EngineFixture(store, T0);

  @AfterEach
  void close() {
    f.close();
  }

  private String trigger(String... keys) {
    return f.engine
        .triggerRun(
            EngineFixture.WS,
            new TriggerRequest(List.of(keys), false, false, List.of(), Optional.empty(), Optional.empty(), Map.of()),
            "tester")
        .runId();
  }

  private CompletableFuture<List<LeasedTask>> waitingPoll(long waitMs) throws InterruptedException {
    CompletableFuture<List<LeasedTask>> poll =
        CompletableFuture.supplyAsync(
            () -> f.engine.lease(EngineFixture.WS, new LeaseRequest("w2", List.of(), 8, waitMs)));
    awaitWaiting(1);
    return poll;
  }

  /** Waits until {@code n} polls have found nothing and wait at the writer. */
  private void awaitWaiting(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (f.engine.longPollsWaiting() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("polls waiting: " + f.engine.longPollsWaiting() + ", expected " + n);
      }
      Thread.sleep(5);
    }
  }

  private static TaskTokenClaims claims(LeasedTask t) {
    return EngineFixture.claims(t);
  }


  private static TaskCallbacks.Completed succeeded(LeasedTask t) {
    return new TaskCallbacks.Completed(
        claims(t).taskId(), claims(t), t.attempt(), t.attemptId(), "w", TaskOutcome.SUCCEEDED,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void aWaitingPollIsLeasedTheTaskInTheCommitThatMadeItReady() throws Exception {
    f.deploy(EngineFixture.manifest("s.a", "s.b<-s.a"));
    trigger("s.a", "s.b");
    LeasedTask a = f.lease(1).get(0);
    CompletableFuture<List<LeasedTask>> poll = waitingPoll(10_000);
    assertThat(poll).isNotDone();
    long before = store.appends();

    f.succeed(a);

    List<LeasedTask> leased = poll.get(5, TimeUnit.SECONDS);
    assertThat(leased).extracting(LeasedTask::taskKey).containsExactly("s.b");
    assertThat(store.appends() - before)
        .as("the completion of s.a and the lease of s.b share one commit")
        .isEqualTo(1);
  }

  @Test
  void readersSeeEverySatisfiedDependencyCountedInTheRowsOfASettledState() {
    f.deploy(EngineFixture.manifest("s.a", "s.b", "s.c", "s.z<-s.a,s.b,s.c"));
    String runId = trigger("s.a", "s.b", "s.c", "s.z");
    List<LeasedTask> leased = f.lease(3);

    f.engine.taskReports(List.of(succeeded(leased.get(0)), succeeded(leased.get(1))));

    boolean settled = f.engine.read(EngineFixture.WS, s -> s.settled());
    int counted = f.engine.read(EngineFixture.WS, s -> s.task(runId, "s.z").orElseThrow().depsSatisfiedCount());
    assertThat(settled).isTrue();
    assertThat(counted).isEqualTo(2);
    f.succeed(leased.get(2));
    io.arco.flow.model.TaskState z =
        f.engine.read(EngineFixture.WS, s -> s.task(runId, "s.z").orElseThrow().state());
    assertThat(z).isEqualTo(io.arco.flow.model.TaskState.READY);
  }

  @Test
  void aWaitingPollThatFindsNothingAnswersEmptyAtItsDeadlineAndWritesNothing() throws Exception {
    f.deploy(EngineFixture.manifest("s.a"));
    long before = store.appends();

    List<LeasedTask> leased = waitingPoll(300).get(5, TimeUnit.SECONDS);

    assertThat(leased).isEmpty();
    assertThat(store.appends()).isEqualTo(before);
  }

  @Test
  void waitingPollsAreServedOldestFirstAndEachTaskGoesToOnePoll() throws Exception {
    f.deploy(EngineFixture.manifest("s.a", "s.b<-s.a", "s.c<-s.a", "s.d<-s.a"));
    trigger("s.a", "s.b", "s.c", "s.d");
    LeasedTask a = f.lease(1).get(0);
    List<CompletableFuture<List<LeasedTask>>> polls = new ArrayList<>();
    // The poll left without work answers empty when its 3 s wait ends.
    for (int i = 0; i < 3; i++) {
      polls.add(
          CompletableFuture.supplyAsync(
              () -> f.engine.lease(EngineFixture.WS, new LeaseRequest("w", List.of(), 2, 3_000))));
    }
    awaitWaiting(3);

    f.succeed(a);

    List<String> keys = new ArrayList<>();
    int served = 0;
    for (CompletableFuture<List<LeasedTask>> p : polls) {
      List<LeasedTask> got = p.get(15, TimeUnit.SECONDS);
      got.forEach(t -> keys.add(t.taskKey()));
      served += got.isEmpty() ? 0 : 1;
    }
    assertThat(keys).containsExactlyInAnyOrder("s.b", "s.c", "s.d");
    assertThat(served).as("two polls of 2 take the three tasks").isEqualTo(2);
  }

  @Test
  void stoppingLongPollsAnswersTheWaitingOnesEmptyAndLaterOnesAtOnce() throws Exception {
    f.deploy(EngineFixture.manifest("s.a"));
    CompletableFuture<List<LeasedTask>> poll = waitingPoll(30_000);

    f.engine.stopLongPolls();

    assertThat(poll.get(5, TimeUnit.SECONDS)).isEmpty();
    long t0 = System.nanoTime();
    assertThat(f.engine.lease(EngineFixture.WS, new LeaseRequest("w3", List.of(), 1, 30_000))).isEmpty();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("answered without waiting").isLessThan(5);
  }

  @Test
  void reportsOfOneWorkspaceShareOneCommitAndARefusedOneDoesNotSpoilTheOthers() {
    f.deploy(EngineFixture.manifest("s.a", "s.b", "s.c"));
    trigger("s.a", "s.b", "s.c");
    List<LeasedTask> leased = f.lease(3);
    LeasedTask stale = leased.get(2);
    TaskCallbacks.Completed wrongAttempt =
        new TaskCallbacks.Completed(
            claims(stale).taskId(), claims(stale), 2, stale.attemptId(), "w", TaskOutcome.SUCCEEDED,
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    long before = store.appends();

    List<TaskCallbacks.ReportAnswer> answers =
        f.engine.taskReports(List.of(succeeded(leased.get(0)), wrongAttempt, succeeded(leased.get(1))));

    assertThat(store.appends() - before).isEqualTo(1);
    assertThat(answers.get(0)).isInstanceOf(TaskCallbacks.ReportAnswer.Accepted.class);
    assertThat(answers.get(1)).isInstanceOf(TaskCallbacks.ReportAnswer.Refused.class);
    assertThat(answers.get(2)).isInstanceOf(TaskCallbacks.ReportAnswer.Accepted.class);
    String state =
        f.engine.read(EngineFixture.WS, s -> s.task(stale.runId(), stale.taskKey()).orElseThrow().state().name());
    assertThat(state).isEqualTo("DISPATCHED");
  }
}
