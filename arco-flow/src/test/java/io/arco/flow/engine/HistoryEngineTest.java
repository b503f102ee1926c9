package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.fold.FinishedRun;
import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.RunListItem;
import io.arco.flow.query.RunListQuery;
import io.arco.flow.query.RunPage;
import io.arco.flow.query.RunView;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.SqliteEventStore;
import io.arco.flow.store.codec.HistoryCodec;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.EngineFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live state in memory, history in the store (decisions §3): a run that ends leaves memory for the
 * store's history tables, and every answer about it stays what it was while it was live.
 */
class HistoryEngineTest {
  private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

  @TempDir Path dir;

  private static TriggerRequest trigger(String asset, Optional<String> runKey) {
    return new TriggerRequest(
        List.of(asset), false, false, List.of(), Optional.empty(), runKey, Map.of("team", "data"));
  }

  /** Leases every ready task of the run and completes it; FAILED for {@code failing}. */
  private static void drive(EngineFixture f, String failing) {
    for (int round = 0; round < 10; round++) {
      List<LeasedTask> leased = f.lease(100);
      if (leased.isEmpty()) {
        return;
      }
      for (LeasedTask t : leased) {
        if (t.taskKey().equals(failing)) {
          f.complete(
              t,
              TaskOutcome.FAILED,
              Optional.empty(),
              Optional.of(
                  new io.arco.flow.model.TaskError(
                      io.arco.flow.model.ErrorCategory.CONFIGURATION,
                      "boom",
                      Optional.empty(),
                      Optional.of(false))));
        } else {
          f.succeed(t);
        }
      }
    }
  }

  private EngineFixture sqlite() {
    return new EngineFixture(SqliteEventStore.open(dir.resolve("arco.db")), T0);
  }

  @Test
  void aFinishedRunLeavesMemoryAndTheSnapshotButAnswersAsItDidWhileLive() {
    try (EngineFixture f = sqlite()) {
      f.deploy(EngineFixture.manifest("h.a", "h.b"));
      String runId = f.engine.triggerRun(EngineFixture.WS, trigger("h.a", Optional.of("k1")), "t").runId();
      List<LeasedTask> leased = f.lease(10);
      assertThat(leased).hasSize(1);
      f.succeed(leased.get(0));

      assertThat(f.engine.<Boolean>read(EngineFixture.WS, s -> s.runs().isEmpty())).isTrue();
      assertThat(f.engine.<Long>read(EngineFixture.WS, s -> s.runCount())).isEqualTo(1);
      assertThat(f.store.finishedRun(EngineFixture.WS, runId)).isPresent();

      RunView view = f.engine.getRun(EngineFixture.WS, runId);
      assertThat(view.state()).isEqualTo(PublicRunState.SUCCEEDED);
      assertThat(view.tasks()).extracting(t -> t.taskKey()).containsExactly("h.a");
      assertThat(view.runKey()).contains("k1");
      assertThat(view.labels()).containsEntry("team", "data");
      assertThat(f.engine.<String>read(EngineFixture.WS, s -> s.task(runId, "h.a").orElseThrow().state().name()))
          .isEqualTo("SUCCEEDED");
    }
    try (EngineFixture f = sqlite()) {
      FoldSnapshot snap =
          SnapshotCodec.decode(f.store.latestSnapshot(EngineFixture.WS).orElseThrow().bytes());
      assertThat(snap.runs()).isEmpty();
      assertThat(snap.tasks()).isEmpty();
      assertThat(snap.idempotencyKeys())
          .as("a finished run's idempotency records are answered by the log's key index")
          .noneMatch(k -> k.owner().isPresent());
      assertThat(snap.finishedRunCounts()).containsEntry("SUCCEEDED", 1L);
      RunPage page =
          f.engine.listRuns(
              EngineFixture.WS,
              new RunListQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0, 10));
      assertThat(page.runs()).extracting(RunListItem::state).containsExactly(PublicRunState.SUCCEEDED);
    }
  }

  @Test
  void aLateCallbackForAFinishedRunsTaskIsRefusedExactlyAsWhileTheRunWasLive() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(EngineFixture.manifest("h.a", "h.b"));
      // Run 1 stays live (h.b is never completed), run 2 ends and leaves memory.
      f.engine.triggerRun(EngineFixture.WS, trigger("h.a", Optional.empty()), "t");
      f.engine.triggerRun(EngineFixture.WS, trigger("h.b", Optional.empty()), "t");
      List<LeasedTask> leased = f.lease(10);
      LeasedTask a = leased.stream().filter(t -> t.taskKey().equals("h.a")).findFirst().orElseThrow();
      LeasedTask b = leased.stream().filter(t -> t.taskKey().equals("h.b")).findFirst().orElseThrow();
      f.succeed(a);
      f.succeed(b);
      assertThat(f.engine.<Boolean>read(EngineFixture.WS, s -> s.liveRun(a.runId()).isPresent())).isFalse();

      FlowError again = refusal(() -> f.succeed(a));
      FlowError failedAfterSuccess =
          refusal(() -> f.complete(a, TaskOutcome.FAILED, Optional.empty(), Optional.empty()));

      assertThat(again).isInstanceOf(FlowError.CallbackRejected.class);
      FlowError.CallbackRejected rejected = (FlowError.CallbackRejected) again;
      assertThat(rejected.kind()).isEqualTo(FlowError.CallbackErrorKind.TASK_ALREADY_TERMINAL);
      assertThat(rejected.message()).isEqualTo("Task is already in terminal state: SUCCEEDED");
      assertThat(failedAfterSuccess).isEqualTo(again);
      assertThat(f.engine.<Long>read(EngineFixture.WS, s -> s.runCount())).isEqualTo(2);
    }
  }

  private static FlowError refusal(Runnable call) {
    try {
      call.run();
    } catch (FlowException e) {
      return e.error();
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void aRunKeyOfAFinishedRunStillFindsItsRunAndRefusesAnotherRequest() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(EngineFixture.manifest("h.a", "h.b"));
      TriggerResult first = f.engine.triggerRun(EngineFixture.WS, trigger("h.a", Optional.of("daily")), "t");
      drive(f, "none");
      assertThat(f.engine.<Boolean>read(EngineFixture.WS, s -> s.runs().isEmpty())).isTrue();

      TriggerResult again = f.engine.triggerRun(EngineFixture.WS, trigger("h.a", Optional.of("daily")), "t");

      assertThat(again.created()).isFalse();
      assertThat(again.runId()).isEqualTo(first.runId());
      assertThat(again.state()).isEqualTo(PublicRunState.SUCCEEDED);
      assertThatThrownBy(
              () -> f.engine.triggerRun(EngineFixture.WS, trigger("h.b", Optional.of("daily")), "t"))
          .isInstanceOfSatisfying(
              FlowException.class,
              e -> assertThat(e.error()).isInstanceOf(FlowError.RunKeyConflict.class));
      assertThat(f.engine.<Long>read(EngineFixture.WS, s -> s.runCount())).isEqualTo(1);
    }
  }

  @Test
  void aSensorRequestingTheRunKeyOfAFinishedRunAgainCreatesNothing() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "bucket", "poll", 60, "s.a");
      f.deploy(m);
      LeaseRequest sensors = new LeaseRequest("w1", List.of("sensors"), 1, 0);
      String output = "{\"cursor\":\"c\",\"runRequests\":[{\"runKey\":\"file-1\"}]}";
      LeasedSensorEvaluation first = f.engine.leaseWork(EngineFixture.WS, sensors).sensorEvaluations().get(0);
      f.engine.sensorCompleted(SensorEngineTest.completion(first, TaskOutcome.SUCCEEDED, output));
      drive(f, "none");
      assertThat(f.engine.<Boolean>read(EngineFixture.WS, s -> s.runs().isEmpty())).isTrue();
      long head = f.store.head(EngineFixture.WS);

      f.advance(Duration.ofSeconds(61));
      LeasedSensorEvaluation second = f.engine.leaseWork(EngineFixture.WS, sensors).sensorEvaluations().get(0);
      f.engine.sensorCompleted(SensorEngineTest.completion(second, TaskOutcome.SUCCEEDED, output));

      assertThat(f.engine.<Long>read(EngineFixture.WS, s -> s.runCount())).isEqualTo(1);
      assertThat(f.engine.<Boolean>read(EngineFixture.WS, s -> s.pendingRuns().isEmpty())).isTrue();
      assertThat(f.store.head(EngineFixture.WS)).isGreaterThan(head);
    }
  }

  @Test
  void theRunListMergesLiveAndFinishedRunsInOneOrderWithCursorAndStateFilter() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(EngineFixture.manifest("h.a", "h.b", "h.c"));
      List<String> ids = new ArrayList<>();
      // Three finished runs (one failed), then two live ones, one second apart.
      for (String asset : List.of("h.a", "h.b", "h.a")) {
        ids.add(f.engine.triggerRun(EngineFixture.WS, trigger(asset, Optional.empty()), "t").runId());
        drive(f, ids.size() == 2 ? "h.b" : "none");
        f.advance(Duration.ofSeconds(1));
      }
      for (int i = 0; i < 2; i++) {
        ids.add(f.engine.triggerRun(EngineFixture.WS, trigger("h.c", Optional.empty()), "t").runId());
        f.advance(Duration.ofSeconds(1));
      }
      assertThat(f.engine.<Integer>read(EngineFixture.WS, s -> s.runs().size())).isEqualTo(2);

      List<String> paged = new ArrayList<>();
      RunListQuery q = new RunListQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0, 2);
      while (true) {
        RunPage page = f.engine.listRuns(EngineFixture.WS, q);
        page.runs().forEach(r -> paged.add(r.runId()));
        if (!page.hasMore()) {
          break;
        }
        RunListItem last = page.runs().get(page.runs().size() - 1);
        q = new RunListQuery(Optional.empty(), Optional.of(last.createdAt()), Optional.of(last.runId()), 0, 2);
      }
      assertThat(paged).containsExactlyElementsOf(ids.reversed());

      RunPage failed =
          f.engine.listRuns(
              EngineFixture.WS,
              new RunListQuery(Optional.of(PublicRunState.FAILED), Optional.empty(), Optional.empty(), 0, 10));
      assertThat(failed.runs()).extracting(RunListItem::runId).containsExactly(ids.get(1));
      RunPage legacyOffset =
          f.engine.listRuns(
              EngineFixture.WS, new RunListQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 3));
      assertThat(legacyOffset.runs()).extracting(RunListItem::runId)
          .containsExactlyElementsOf(ids.reversed().subList(1, 4));
      assertThat(legacyOffset.hasMore()).isTrue();
      WorkspaceStats stats = f.engine.stats().get(0);
      assertThat(stats.runsByState()).containsEntry("SUCCEEDED", 2L).containsEntry("FAILED", 1L);
    }
  }

  @Test
  void aRebuildFromTheLogReproducesTheSnapshotAndEveryHistoryRow() {
    Path db = dir.resolve("arco.db");
    List<byte[]> history;
    byte[] liveState;
    try (EngineFixture f = new EngineFixture(SqliteEventStore.open(db), T0)) {
      f.deploy(EngineFixture.manifest("h.a", "h.b"));
      for (int i = 0; i < 4; i++) {
        f.engine.triggerRun(EngineFixture.WS, trigger(i % 2 == 0 ? "h.a" : "h.b", Optional.of("k" + i)), "t");
        drive(f, i == 3 ? "h.b" : "none");
        f.advance(Duration.ofSeconds(1));
      }
      f.engine.triggerRun(EngineFixture.WS, trigger("h.a", Optional.of("live")), "t");
      history = encoded(f.store);
      liveState = f.engine.read(EngineFixture.WS, s -> SnapshotCodec.encode(s.snapshot()));
    }
    assertThat(history).hasSize(4);

    try (EventStore store = SqliteEventStore.open(db)) {
      RebuildReport report = Engine.rebuild(store, EngineFixture.WS);

      assertThat(report.eventsFolded()).isEqualTo(store.head(EngineFixture.WS));
      assertThat(report.finishedRuns()).isEqualTo(4);
      assertThat(report.liveRuns()).isEqualTo(1);
      assertThat(encoded(store)).containsExactlyElementsOf(history);
      assertThat(store.latestSnapshot(EngineFixture.WS).orElseThrow().bytes()).isEqualTo(liveState);
    }
  }

  @Test
  void aStoreWithoutHistoryRowsGetsThemFromTheLogAtStartUp() {
    Path db = dir.resolve("arco.db");
    List<byte[]> history;
    try (EngineFixture f = new EngineFixture(SqliteEventStore.open(db), T0)) {
      f.deploy(EngineFixture.manifest("h.a"));
      for (int i = 0; i < 3; i++) {
        f.engine.triggerRun(EngineFixture.WS, trigger("h.a", Optional.empty()), "t");
        drive(f, "none");
      }
      history = encoded(f.store);
    }
    try (EventStore store = SqliteEventStore.open(db)) {
      // As after an upgrade from a store written before history tables existed.
      store.clearHistory(EngineFixture.WS);
    }
    try (EngineFixture f = new EngineFixture(SqliteEventStore.open(db), T0)) {
      assertThat(encoded(f.store)).containsExactlyElementsOf(history);
      assertThat(f.engine.<Long>read(EngineFixture.WS, s -> s.runCount())).isEqualTo(3);
    }
  }

  private static List<byte[]> encoded(EventStore store) {
    return store.finishedRunsByEnd(EngineFixture.WS, 0, 1000).stream()
        .map(HistoryCodec::encode)
        .toList();
  }

  @Test
  void finishedRunsOfOneBatchAreWrittenWithItsEvents() {
    RecordingStore store = new RecordingStore();
    try (EngineFixture f = new EngineFixture(store, T0)) {
      f.deploy(EngineFixture.manifest("h.a"));
      String runId = f.engine.triggerRun(EngineFixture.WS, trigger("h.a", Optional.empty()), "t").runId();
      LeasedTask t = f.lease(1).get(0);
      store.failNext.set(true);
      assertThatThrownBy(() -> f.succeed(t)).isInstanceOf(RuntimeException.class);
      assertThat(store.finishedRun(EngineFixture.WS, runId)).isEmpty();
      assertThat(f.engine.<Boolean>read(EngineFixture.WS, s -> s.liveRun(runId).isPresent()))
          .as("a failed batch leaves the run live, rebuilt from the store")
          .isTrue();

      f.succeed(t);
      Optional<FinishedRun> finished = store.finishedRun(EngineFixture.WS, runId);
      assertThat(finished).isPresent();
      assertThat(finished.get().endedAt()).isEqualTo(store.head(EngineFixture.WS));
    }
  }

  @Test
  void settledTicksLeaveMemoryAndTheTickHistoryPagesAcrossMemoryAndStore() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "hourly", "0 * * * *", "s.a")
          .put("overlapPolicy", "SKIP")
          .put("catchupWindowMinutes", 600)
          .put("maxCatchupTicks", 10);
      f.deploy(m);
      for (int h = 1; h <= 5; h++) {
        f.moveTo(T0.plus(Duration.ofHours(h)));
        if (h == 3) {
          drive(f, "none");
        }
      }
      assertThat(f.engine.<Boolean>read(EngineFixture.WS, s -> s.scheduleTicks().isEmpty())).isTrue();

      List<io.arco.flow.query.TickView> all =
          f.engine.listTicks(EngineFixture.WS, "hourly", Optional.empty(), Optional.empty(), Optional.empty(), 10);
      assertThat(all).hasSize(5);
      assertThat(all).extracting(t -> t.scheduledFor()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
      List<io.arco.flow.query.TickView> firstTwo =
          f.engine.listTicks(EngineFixture.WS, "hourly", Optional.empty(), Optional.empty(), Optional.empty(), 1);
      io.arco.flow.query.TickView last = firstTwo.get(0);
      List<io.arco.flow.query.TickView> rest =
          f.engine.listTicks(
              EngineFixture.WS, "hourly", Optional.empty(), Optional.of(last.scheduledFor()),
              Optional.of(last.tickId()), 10);
      assertThat(rest).containsExactlyElementsOf(all.subList(1, 5));
      List<io.arco.flow.query.TickView> skipped =
          f.engine.listTicks(EngineFixture.WS, "hourly", Optional.of("SKIPPED"), Optional.empty(), Optional.empty(), 10);
      assertThat(skipped).isNotEmpty().allMatch(t -> t.status().equals("SKIPPED"));
      io.arco.flow.query.TickView oldest = all.get(4);
      assertThat(f.engine.getTick(EngineFixture.WS, "hourly", oldest.tickId())).isEqualTo(oldest);
      assertThat(oldest.runId()).isPresent();
    }
  }

  @Test
  void olderEvaluationsLeaveMemoryAndARedeliveredCompletionOfOneStillChangesNothing() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "bucket", "poll", 60, "s.a");
      f.deploy(m);
      LeaseRequest sensors = new LeaseRequest("w1", List.of("sensors"), 1, 0);
      List<LeasedSensorEvaluation> leases = new ArrayList<>();
      List<SensorCompletedAck> acks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        LeasedSensorEvaluation l = f.engine.leaseWork(EngineFixture.WS, sensors).sensorEvaluations().get(0);
        leases.add(l);
        acks.add(
            f.engine.sensorCompleted(
                SensorEngineTest.completion(l, TaskOutcome.SUCCEEDED, "{\"cursor\":\"c-" + i + "\"}")));
        f.advance(Duration.ofSeconds(61));
      }
      assertThat(f.engine.<Integer>read(EngineFixture.WS, s -> s.sensorEvals().size())).isEqualTo(1);
      long head = f.store.head(EngineFixture.WS);

      SensorCompletedAck again =
          f.engine.sensorCompleted(
              SensorEngineTest.completion(leases.get(0), TaskOutcome.SUCCEEDED, "{\"cursor\":\"c-0\"}"));

      assertThat(again.duplicate()).isTrue();
      assertThat(again.evalId()).isEqualTo(acks.get(0).evalId());
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      var q = new io.arco.flow.query.SensorViews.EvalQuery(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10);
      List<io.arco.flow.query.SensorEvalView> evals = f.engine.listSensorEvals(EngineFixture.WS, "bucket", q);
      assertThat(evals).extracting(e -> e.evalId())
          .containsExactly(acks.get(2).evalId(), acks.get(1).evalId(), acks.get(0).evalId());
      var page2 = new io.arco.flow.query.SensorViews.EvalQuery(
          Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.of(evals.get(0).evaluatedAt()), Optional.of(evals.get(0).evalId()), 1);
      assertThat(f.engine.listSensorEvals(EngineFixture.WS, "bucket", page2))
          .extracting(e -> e.evalId())
          .containsExactly(acks.get(1).evalId(), acks.get(0).evalId());
    }
  }

  @Test
  void everyLegacyOffsetPageIsTheSliceOfTheWholeListAcrossLiveAndFinishedRuns() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(EngineFixture.manifest("h.a", "h.b"));
      // Runs of h.a finish, runs of h.b stay live: live and finished runs interleave in time.
      for (int i = 0; i < 12; i++) {
        f.engine.triggerRun(EngineFixture.WS, trigger(i % 3 == 0 ? "h.b" : "h.a", Optional.empty()), "t");
        for (LeasedTask t : f.lease(100)) {
          if (t.taskKey().equals("h.a")) {
            f.succeed(t);
          }
        }
        f.advance(Duration.ofSeconds(1));
      }
      assertThat(f.engine.<Integer>read(EngineFixture.WS, s -> s.runs().size())).isEqualTo(4);
      List<String> all =
          f.engine.listRuns(EngineFixture.WS, new RunListQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0, 100))
              .runs().stream().map(RunListItem::runId).toList();
      assertThat(all).hasSize(12);
      for (int offset = 0; offset <= 13; offset++) {
        for (int limit = 1; limit <= 4; limit++) {
          RunPage page =
              f.engine.listRuns(
                  EngineFixture.WS, new RunListQuery(Optional.empty(), Optional.empty(), Optional.empty(), offset, limit));
          int from = Math.min(offset, all.size());
          int to = Math.min(all.size(), from + limit);
          assertThat(page.runs()).extracting(RunListItem::runId)
              .as("offset %d limit %d", offset, limit)
              .containsExactlyElementsOf(all.subList(from, to));
          assertThat(page.hasMore()).as("hasMore at offset %d limit %d", offset, limit).isEqualTo(to < all.size());
        }
      }
    }
  }
}
