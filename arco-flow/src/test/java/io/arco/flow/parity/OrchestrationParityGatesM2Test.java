package io.arco.flow.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.arco.flow.control.ControllerInput;
import io.arco.flow.control.ScheduleController;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedSensorEvaluation;
import io.arco.flow.engine.PushEvaluation;
import io.arco.flow.engine.SensorCompletion;
import io.arco.flow.engine.TaskTokenClaims;
import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.query.SensorView;
import io.arco.flow.store.SqliteEventStore;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.Event;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.ScheduleTicked;
import io.arco.flow.event.TickStatus;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.TickView;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.testing.EngineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parity gates M2 of arco-flow, automation part: schedules, sensors and their run requests. */
class OrchestrationParityGatesM2Test {
  private static final Instant DEPLOY = Instant.parse("2025-01-15T09:59:00Z");

  private static List<TickView> ticks(EngineFixture f, String scheduleId) {
    return f.engine.listTicks(EngineFixture.WS, scheduleId, Optional.empty(), Optional.empty(), Optional.empty(), 1000);
  }

  @Test
  void reconcileEmitsTheTickAndItsRunRequestInOneBatch() {
    try (EngineFixture f = new EngineFixture(DEPLOY)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.a");
      f.deploy(m);
      long before = f.store.head(EngineFixture.WS);

      f.moveTo(Instant.parse("2025-01-15T10:00:30Z"));

      List<StoredEvent> batch = f.store.read(EngineFixture.WS, before, 100);
      assertThat(batch).extracting(e -> e.envelope().eventType())
          .containsExactly("ScheduleTicked", "RunRequested", "RunTriggered", "PlanCreated");
      assertThat(batch).extracting(e -> e.envelope().timestamp()).containsOnly(Instant.parse("2025-01-15T10:00:30Z"));
      var tick = (ScheduleTicked) batch.get(0).envelope().data();
      var request = (RunRequested) batch.get(1).envelope().data();
      assertThat(tick.tickId()).isEqualTo("daily:1736935200");
      assertThat(tick.runKey()).contains("sched:daily:1736935200");
      assertThat(request.runKey()).isEqualTo("sched:daily:1736935200");
      assertThat(batch.get(0).envelope().idempotencyKey()).isEqualTo("sched_tick:daily:1736935200");
      assertThat(ticks(f, "daily")).singleElement().satisfies(t -> {
        assertThat(t.status()).isEqualTo("TRIGGERED");
        assertThat(t.runId()).isPresent();
        assertThat(f.engine.getRun(EngineFixture.WS, t.runId().get()).taskCounts().total()).isEqualTo(1);
      });
    }
  }

  @Test
  void reconcileIsBoundedByMaxCatchupTicks() {
    try (EngineFixture f = new EngineFixture(DEPLOY)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "hourly", "0 * * * *", "s.a").put("maxCatchupTicks", 2).put("catchupWindowMinutes", 600);
      f.deploy(m);

      f.moveTo(DEPLOY.plus(Duration.ofHours(5)));

      List<TickView> all = ticks(f, "hourly");
      assertThat(all).hasSize(5);
      assertThat(all.subList(0, 2)).extracting(TickView::status).containsOnly("TRIGGERED");
      assertThat(all.subList(2, 5)).extracting(TickView::skipReason).containsOnly(Optional.of("catchup_limit"));
      int runs = f.engine.read(EngineFixture.WS, s -> (int) s.runCount());
      assertThat(runs).isEqualTo(2);
    }
  }

  @Test
  void aDisabledScheduleRecordsHistoryButRequestsNoRun() {
    try (EngineFixture f = new EngineFixture(DEPLOY)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.a");
      f.deploy(m);
      f.engine.setScheduleEnabled(EngineFixture.WS, "daily", false, Optional.empty());

      f.moveTo(Instant.parse("2025-01-15T10:00:01Z"));

      assertThat(ticks(f, "daily")).singleElement().satisfies(t -> {
        assertThat(t.status()).isEqualTo("SKIPPED");
        assertThat(t.skipReason()).contains("paused");
        assertThat(t.runKey()).isEmpty();
      });
      int runs = f.engine.read(EngineFixture.WS, s -> (int) s.runCount());
      assertThat(runs).isZero();
    }
  }

  @Test
  void scheduleAndManualReExecutionAgreeOnRunKeyBehaviour() {
    try (EngineFixture f = new EngineFixture(DEPLOY)) {
      var m = EngineFixture.manifest("s.a", "s.b");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.a");
      f.deploy(m);
      f.moveTo(Instant.parse("2025-01-15T10:00:01Z"));
      String runKey = "sched:daily:1736935200";
      String runId = f.engine.read(EngineFixture.WS, s -> s.runKey(runKey).orElseThrow().runId());

      // The controller re-evaluated at the same time requests nothing new.
      var input = f.engine.read(EngineFixture.WS, s -> new ScheduleController().evaluate(ControllerInput.of(s, Instant.parse("2025-01-15T10:00:01Z"))));
      assertThat(input).isEmpty();
      // A manual trigger under the schedule's key is refused: same key, another source and payload.
      FlowException e =
          catchThrowableOfType(
              FlowException.class,
              () ->
                  f.engine.triggerRun(
                      EngineFixture.WS,
                      new TriggerRequest(List.of("s.a"), false, false, List.of(), Optional.empty(), Optional.of(runKey), Map.of()),
                      "u"));
      var conflict = (FlowError.RunKeyConflict) e.error();
      assertThat(conflict.existingRunId()).isEqualTo(runId);
      assertThat(conflict.extraDetails()).containsEntry("existingSourceKind", "schedule");
      // A manual key and a replay of it behave as for schedules: one run per key.
      var first = f.engine.triggerRun(EngineFixture.WS, new TriggerRequest(List.of("s.b"), false, false, List.of(), Optional.empty(), Optional.of("manual-1"), Map.of()), "u");
      var again = f.engine.triggerRun(EngineFixture.WS, new TriggerRequest(List.of("s.b"), false, false, List.of(), Optional.empty(), Optional.of("manual-1"), Map.of()), "u");
      assertThat(again.runId()).isEqualTo(first.runId());
      int runs = f.engine.read(EngineFixture.WS, s -> (int) s.runCount());
      assertThat(runs).isEqualTo(2);
    }
  }

  @Test
  void theControllerEmitsTickThenRunRequestAndATickIdempotencyKeyUsesTheTickId() {
    try (EngineFixture f = new EngineFixture(DEPLOY)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.a");
      f.deploy(m);

      List<Event> out =
          f.engine.read(
              EngineFixture.WS,
              s -> new ScheduleController().evaluate(ControllerInput.of(s, Instant.parse("2025-01-15T10:00:00Z"))));

      assertThat(out).hasSize(2);
      assertThat(out.get(0)).isInstanceOf(ScheduleTicked.class);
      assertThat(((ScheduleTicked) out.get(0)).status()).isEqualTo(new TickStatus.Triggered());
      assertThat(io.arco.flow.event.IdempotencyKeys.of(out.get(0))).isEqualTo("sched_tick:daily:1736935200");
      assertThat(out.get(1)).isInstanceOf(RunRequested.class);
    }
  }

  // ---- sensors ----------------------------------------------------------------------------------

  private static List<LeasedSensorEvaluation> pollSensors(EngineFixture f) {
    return f.engine.leaseWork(EngineFixture.WS, new LeaseRequest("w1", List.of("sensors"), 10, 0)).sensorEvaluations();
  }

  private static SensorEvalStatus completeWith(EngineFixture f, LeasedSensorEvaluation l, String cursor) {
    var output = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("cursor", cursor);
    output.putArray("runRequests").addObject();
    return f.engine
        .sensorCompleted(
            new SensorCompletion(
                l.taskId(),
                new TaskTokenClaims(l.taskId(), "t1", "w1", Optional.empty(), Optional.of(1), Optional.of(l.attemptId())),
                l.attemptId(),
                "w1",
                TaskOutcome.SUCCEEDED,
                Optional.of(output),
                Optional.empty()))
        .status();
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode pollManifest() {
    var m = EngineFixture.manifest("s.a");
    EngineFixture.withSensor(m, "bucket", "poll", 60, "s.a");
    return m;
  }

  @Test
  void pollSensorMinIntervalIsEnforced() {
    try (EngineFixture f = new EngineFixture(DEPLOY)) {
      f.deploy(pollManifest());
      completeWith(f, pollSensors(f).get(0), "c-1");

      f.advance(Duration.ofSeconds(59));
      assertThat(pollSensors(f)).isEmpty();
      assertThat(f.engine.getSensor(EngineFixture.WS, "bucket").nextEvaluationAt()).contains(DEPLOY.plusSeconds(60));
      f.advance(Duration.ofSeconds(1));
      assertThat(pollSensors(f)).singleElement().satisfies(l -> {
        assertThat(l.stateVersion()).isEqualTo(1);
        assertThat(l.cursor()).contains("c-1");
      });
    }
  }

  @Test
  void cursorCasRejectsAStaleExpectedVersion() {
    try (EngineFixture f = new EngineFixture(DEPLOY)) {
      f.deploy(pollManifest());
      LeasedSensorEvaluation first = pollSensors(f).get(0);
      completeWith(f, first, "c-1");
      f.advance(Duration.ofSeconds(60));
      LeasedSensorEvaluation second = pollSensors(f).get(0);
      completeWith(f, second, "c-2");
      long runsBefore = f.engine.read(EngineFixture.WS, s -> s.runCount());

      // A worker answers for version 1 again under a fresh lease epoch: the version moved on.
      f.advance(Duration.ofSeconds(1));
      LeasedSensorEvaluation replayed =
          new LeasedSensorEvaluation(
              second.scope(), second.taskId(), "bucket", 1, second.pollEpoch() + 1, second.cursor(),
              second.assetSelection(), second.manifestId(), second.executionJson());
      SensorEvalStatus stale = completeWith(f, replayed, "c-stale");

      assertThat(stale).isEqualTo(new SensorEvalStatus.SkippedStaleCursor());
      SensorView v = f.engine.getSensor(EngineFixture.WS, "bucket");
      assertThat(v.cursor()).contains("c-2");
      assertThat(v.stateVersion()).isEqualTo(2);
      long runsAfter = f.engine.read(EngineFixture.WS, s -> s.runCount());
      assertThat(runsAfter).isEqualTo(runsBefore);
    }
  }

  @Test
  void cursorCasAcceptsAMatchingExpectedVersion() {
    try (EngineFixture f = new EngineFixture(DEPLOY)) {
      f.deploy(pollManifest());
      LeasedSensorEvaluation l = pollSensors(f).get(0);

      SensorEvalStatus status = completeWith(f, l, "c-1");

      assertThat(status).isEqualTo(new SensorEvalStatus.Triggered());
      SensorView v = f.engine.getSensor(EngineFixture.WS, "bucket");
      assertThat(v.cursor()).contains("c-1");
      assertThat(v.stateVersion()).isEqualTo(1);
      boolean requested = f.engine.read(EngineFixture.WS, s -> s.runKey("sensor:bucket:poll:0:0").isPresent());
      assertThat(requested).isTrue();
    }
  }

  @Test
  void cursorAndMinIntervalSurviveARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path db = dir.resolve("arco.db");
    try (EngineFixture f = new EngineFixture(SqliteEventStore.open(db), DEPLOY)) {
      f.deploy(pollManifest());
      completeWith(f, pollSensors(f).get(0), "c-1");
    }
    try (EngineFixture f = new EngineFixture(SqliteEventStore.open(db), DEPLOY.plusSeconds(30))) {
      // The engine wrote a snapshot on close; the restarted one loads it.
      assertThat(f.store.latestSnapshot(EngineFixture.WS)).isPresent();
      SensorView v = f.engine.getSensor(EngineFixture.WS, "bucket");
      assertThat(v.cursor()).contains("c-1");
      assertThat(v.stateVersion()).isEqualTo(1);
      assertThat(pollSensors(f)).isEmpty();
      f.advance(Duration.ofSeconds(30));
      assertThat(pollSensors(f)).singleElement().satisfies(l -> assertThat(l.cursor()).contains("c-1"));
    }
  }

  @Test
  void scheduleSensorAndManualReExecutionAgreeOnRunKeyBehaviour() {
    try (EngineFixture f = new EngineFixture(DEPLOY)) {
      var m = EngineFixture.manifest("s.a", "s.b");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.a");
      EngineFixture.withSensor(m, "files", "push", 30, "s.a");
      f.deploy(m);
      f.moveTo(Instant.parse("2025-01-15T10:00:01Z"));

      // Re-executing each source under its key never starts a second run.
      var first = f.engine.evaluateSensor(EngineFixture.WS, "files", new PushEvaluation("{}", Map.of(), Optional.of("m-1"), false));
      var again = f.engine.evaluateSensor(EngineFixture.WS, "files", new PushEvaluation("{}", Map.of(), Optional.of("m-1"), false));
      var manual = f.engine.triggerRun(EngineFixture.WS, new TriggerRequest(List.of("s.b"), false, false, List.of(), Optional.empty(), Optional.of("manual-1"), Map.of()), "u");
      var manualAgain = f.engine.triggerRun(EngineFixture.WS, new TriggerRequest(List.of("s.b"), false, false, List.of(), Optional.empty(), Optional.of("manual-1"), Map.of()), "u");
      f.moveTo(Instant.parse("2025-01-15T10:00:02Z"));

      assertThat(again.runIds()).isEqualTo(first.runIds());
      assertThat(manualAgain.runId()).isEqualTo(manual.runId());
      int runs = f.engine.read(EngineFixture.WS, s -> (int) s.runCount());
      assertThat(runs).isEqualTo(3);
      // Each source refuses a manual trigger that reuses its key with another request, naming itself.
      for (var key : List.of("sched:daily:1736935200", "sensor:files:msg:m-1")) {
        FlowException e =
            catchThrowableOfType(
                FlowException.class,
                () ->
                    f.engine.triggerRun(
                        EngineFixture.WS,
                        new TriggerRequest(List.of("s.b"), false, false, List.of(), Optional.empty(), Optional.of(key), Map.of()),
                        "u"));
        var conflict = (FlowError.RunKeyConflict) e.error();
        assertThat(conflict.extraDetails().get("existingSourceKind"))
            .isEqualTo(key.startsWith("sched") ? "schedule" : "sensor");
      }
      // A sensor request that reuses a manual key with another payload is recorded as a conflict
      // and starts nothing.
      var m2 = EngineFixture.manifest("s.a", "s.b");
      EngineFixture.withSensor(m2, "bucket", "poll", 30, "s.a");
      f.deploy(m2);
      LeasedSensorEvaluation l = pollSensors(f).get(0);
      var output = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
      output.putArray("runRequests").addObject().put("runKey", "manual-1");
      f.engine.sensorCompleted(
          new SensorCompletion(
              l.taskId(),
              new TaskTokenClaims(l.taskId(), "t1", "w1", Optional.empty(), Optional.of(1), Optional.of(l.attemptId())),
              l.attemptId(), "w1", TaskOutcome.SUCCEEDED, Optional.of(output), Optional.empty()));
      int runsAfter = f.engine.read(EngineFixture.WS, s -> (int) s.runCount());
      assertThat(runsAfter).isEqualTo(3);
      boolean conflictRecorded = f.engine.read(EngineFixture.WS, s -> s.runKeyConflicts().values().stream().anyMatch(c -> c.runKey().equals("manual-1")));
      assertThat(conflictRecorded).isTrue();
    }
  }

  // ---- backfills --------------------------------------------------------------------------------

  private static final Instant BF_T0 = Instant.parse("2025-02-01T00:00:00Z");

  private static String createRange(EngineFixture f, String key, String start, String end, int chunk, int concurrency) {
    f.deploy(io.arco.flow.engine.BackfillEngineTestSupport.dailyManifest());
    return f.engine
        .createBackfill(
            EngineFixture.WS,
            new io.arco.flow.engine.BackfillRequest(
                List.of("s.daily"),
                new io.arco.flow.model.PartitionSelector.Range(start, end),
                Optional.of(key),
                chunk,
                concurrency))
        .backfillId();
  }

  @Test
  void aBackfillChunkEmitsTheChunkAndItsRunRequestWithThePartitionSelection() {
    try (EngineFixture f = new EngineFixture(BF_T0)) {
      f.deploy(io.arco.flow.engine.BackfillEngineTestSupport.dailyManifest());
      long before = f.store.head(EngineFixture.WS);

      String id = createRange(f, "req-1", "2025-01-01", "2025-01-03", 2, 1);

      List<StoredEvent> batch = f.store.read(EngineFixture.WS, before, 100).stream()
          .toList();
      List<String> types = batch.stream().map(e -> e.envelope().eventType()).toList();
      assertThat(types).containsSubsequence("BackfillCreated", "BackfillChunkPlanned", "RunRequested", "RunTriggered", "PlanCreated");
      assertThat(types).filteredOn("BackfillChunkPlanned"::equals).hasSize(1);
      var chunk = (io.arco.flow.event.BackfillChunkPlanned) batch.get(types.indexOf("BackfillChunkPlanned")).envelope().data();
      var request = (RunRequested) batch.get(types.indexOf("RunRequested")).envelope().data();
      assertThat(chunk.chunkId()).isEqualTo(id + ":0");
      assertThat(chunk.partitionKeys()).containsExactly("date=d:2025-01-01", "date=d:2025-01-02");
      assertThat(chunk.runKey()).isEqualTo("backfill:" + id + ":chunk:0");
      assertThat(batch.get(types.indexOf("BackfillChunkPlanned")).envelope().idempotencyKey()).isEqualTo("backfill_chunk:" + id + ":0");
      assertThat(request.runKey()).isEqualTo(chunk.runKey());
      assertThat(request.requestFingerprint()).isEqualTo(chunk.requestFingerprint()).hasSize(32);
      assertThat(request.partitionSelection()).contains(chunk.partitionKeys());
      assertThat(request.triggerSourceRef()).isEqualTo(new io.arco.flow.event.SourceRef.Backfill(id, id + ":0"));
    }
  }

  @Test
  void pauseResumeAndCancelTransitionsAreMonotonic() {
    try (EngineFixture f = new EngineFixture(BF_T0)) {
      String id = createRange(f, "req-1", "2025-01-01", "2025-01-31", 5, 1);
      List<Integer> versions = new java.util.ArrayList<>();
      versions.add(f.engine.pauseBackfill(EngineFixture.WS, id, "ops").stateVersion());
      versions.add(f.engine.pauseBackfill(EngineFixture.WS, id, "ops").stateVersion());
      versions.add(f.engine.resumeBackfill(EngineFixture.WS, id, "ops").stateVersion());
      versions.add(f.engine.cancelBackfill(EngineFixture.WS, id, "ops").stateVersion());
      versions.add(f.engine.cancelBackfill(EngineFixture.WS, id, "ops").stateVersion());

      assertThat(versions).containsExactly(2, 2, 3, 4, 4);
      List<io.arco.flow.event.BackfillStateChanged> changes =
          f.store.read(EngineFixture.WS, 0, 1000).stream()
              .map(e -> e.envelope().data())
              .filter(io.arco.flow.event.BackfillStateChanged.class::isInstance)
              .map(io.arco.flow.event.BackfillStateChanged.class::cast)
              .toList();
      assertThat(changes).extracting(io.arco.flow.event.BackfillStateChanged::stateVersion).containsExactly(2, 3, 4);
      assertThat(changes).extracting(c -> c.fromState() + "->" + c.toState())
          .containsExactly("RUNNING->PAUSED", "PAUSED->RUNNING", "RUNNING->CANCELLED");
      FlowException e = catchThrowableOfType(FlowException.class, () -> f.engine.resumeBackfill(EngineFixture.WS, id, "ops"));
      assertThat(e.error()).isInstanceOf(FlowError.Conflict.class);
      assertThat(e.getMessage()).isEqualTo("backfill " + id + " is CANCELLED; cannot resume");
    }
  }

  @Test
  void retryFailedTargetsOnlyFailedPartitionsDeterministically() {
    List<List<String>> retried = new java.util.ArrayList<>();
    for (int attempt = 0; attempt < 2; attempt++) {
      try (EngineFixture f = new EngineFixture(BF_T0)) {
        String id = createRange(f, "req-1", "2025-01-01", "2025-01-09", 3, 3);
        // Every partition of chunks [01,02,03] and [07,08,09] fails (in the order 08, 02, ... so
        // the retry must sort them); every partition of [04,05,06] succeeds.
        java.util.Set<String> failing = java.util.Set.of(
            "date=d:2025-01-08", "date=d:2025-01-02", "date=d:2025-01-09",
            "date=d:2025-01-01", "date=d:2025-01-07", "date=d:2025-01-03");
        io.arco.flow.engine.BackfillEngineTestSupport.drain(f, failing::contains);
        assertThat(f.engine.getBackfill(EngineFixture.WS, id).state()).isEqualTo(io.arco.flow.model.BackfillState.FAILED);
        var statuses = f.engine.listPartitions(
            EngineFixture.WS,
            new io.arco.flow.query.PartitionQuery(Optional.of("s.daily"), false, Optional.empty(), Optional.empty(), 100));
        List<String> failedPartitions = statuses.stream()
            .filter(p -> p.status() == io.arco.flow.model.PartitionStatus.FAILED)
            .map(io.arco.flow.query.PartitionStatusView::partitionKey)
            .toList();
        List<String> succeededPartitions = statuses.stream()
            .filter(p -> p.status() == io.arco.flow.model.PartitionStatus.MATERIALIZED)
            .map(io.arco.flow.query.PartitionStatusView::partitionKey)
            .toList();
        assertThat(succeededPartitions).containsExactly("date=d:2025-01-04", "date=d:2025-01-05", "date=d:2025-01-06");

        f.engine.retryFailedBackfill(EngineFixture.WS, id, "ops");

        var all = f.engine.listBackfillChunks(EngineFixture.WS, id, Optional.empty(), -1, 100);
        var retry = all.subList(3, all.size());
        assertThat(retry).allSatisfy(c -> assertThat(c.retryRound()).isEqualTo(1));
        List<String> keys = retry.stream().flatMap(c -> c.partitionKeys().stream()).toList();
        retried.add(keys);
        // Chunks [01,02,03] and [07,08,09] failed; [04,05,06] succeeded and is not retried.
        assertThat(keys).containsExactly(
            "date=d:2025-01-01", "date=d:2025-01-02", "date=d:2025-01-03",
            "date=d:2025-01-07", "date=d:2025-01-08", "date=d:2025-01-09");
        // Exactly the failed partitions are retried, in sorted order; no succeeded one is.
        assertThat(keys).isEqualTo(failedPartitions);
        assertThat(keys).doesNotContainAnyElementsOf(succeededPartitions);
      }
    }
    assertThat(retried.get(0)).isEqualTo(retried.get(1));
  }

  @Test
  void backfillAndManualReExecutionAgreeOnRunKeyBehaviour() {
    try (EngineFixture f = new EngineFixture(BF_T0)) {
      String id = createRange(f, "req-1", "2025-01-01", "2025-01-02", 10, 1);
      String runKey = "backfill:" + id + ":chunk:0";
      String runId = f.engine.read(EngineFixture.WS, s -> s.runKey(runKey).orElseThrow().runId());
      long head = f.store.head(EngineFixture.WS);

      // Replaying the create and re-running the controllers start nothing new.
      var again = f.engine.createBackfill(
          EngineFixture.WS,
          new io.arco.flow.engine.BackfillRequest(
              List.of("s.daily"), new io.arco.flow.model.PartitionSelector.Range("2025-01-01", "2025-01-02"), Optional.of("req-1"), 10, 1));
      f.advance(Duration.ofMinutes(1));
      assertThat(again.backfillId()).isEqualTo(id);
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      // A manual trigger under the chunk's key is refused and names the backfill as the source.
      FlowException e =
          catchThrowableOfType(
              FlowException.class,
              () ->
                  f.engine.triggerRun(
                      EngineFixture.WS,
                      new TriggerRequest(List.of("s.plain"), false, false, List.of(), Optional.empty(), Optional.of(runKey), Map.of()),
                      "u"));
      var conflict = (FlowError.RunKeyConflict) e.error();
      assertThat(conflict.existingRunId()).isEqualTo(runId);
      assertThat(conflict.extraDetails()).containsEntry("existingSourceKind", "backfill");
      int runs = f.engine.read(EngineFixture.WS, s -> (int) s.runCount());
      assertThat(runs).isEqualTo(1);
    }
  }
}
