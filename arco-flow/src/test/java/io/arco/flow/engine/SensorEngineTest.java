package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.event.TriggerInfo;
import io.arco.flow.fold.RunRow;
import io.arco.flow.model.SensorStatus;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.query.SensorEvalView;
import io.arco.flow.query.SensorView;
import io.arco.flow.query.SensorViews;
import io.arco.flow.testing.EngineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SensorEngineTest {
  private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PushEvaluation push(String messageId) {
    return new PushEvaluation("{}", Map.of(), Optional.of(messageId), false);
  }

  private static LeaseRequest sensorsQueue(int max) {
    return new LeaseRequest("w1", List.of("sensors"), max, 0);
  }

  private static SensorCompletedAck complete(EngineFixture f, LeasedSensorEvaluation l, String outputJson) {
    return f.engine.sensorCompleted(completion(l, TaskOutcome.SUCCEEDED, outputJson));
  }

  static SensorCompletion completion(LeasedSensorEvaluation l, TaskOutcome outcome, String outputJson) {
    try {
      JsonNode out = outputJson == null ? null : JSON.readTree(outputJson);
      return new SensorCompletion(
          l.taskId(),
          new TaskTokenClaims(
              l.taskId(), "t1", "w1", Optional.empty(), Optional.of(1), Optional.of(l.attemptId())),
          l.attemptId(),
          "w1",
          outcome,
          Optional.ofNullable(out),
          outcome == TaskOutcome.FAILED ? Optional.of("boom") : Optional.empty());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<SensorEvalView> evals(EngineFixture f, String sensorId, Optional<String> status) {
    return f.engine.listSensorEvals(
        EngineFixture.WS,
        sensorId,
        new SensorViews.EvalQuery(Optional.empty(), Optional.empty(), status, Optional.empty(), Optional.empty(), 100));
  }

  private static int runCount(EngineFixture f) {
    return f.engine.read(EngineFixture.WS, s -> (int) s.runCount());
  }

  @Test
  void aDefinedPushSensorTurnsAMessageIntoOneRunOfItsAssets() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a", "s.b<-s.a");
      EngineFixture.withSensor(m, "files", "push", 30, "s.a", "s.b");
      f.deploy(m);

      SensorEvaluateResult r = f.engine.evaluateSensor(EngineFixture.WS, "files", push("m-1"));

      assertThat(r.status()).isEqualTo(new SensorEvalStatus.Triggered());
      assertThat(r.eventsWritten()).isEqualTo(2);
      assertThat(r.runRequests()).singleElement().satisfies(q -> {
        assertThat(q.runKey()).isEqualTo("sensor:files:msg:m-1");
        assertThat(q.assetSelection()).containsExactly("s.a", "s.b");
      });
      String runId = r.runIds().get("sensor:files:msg:m-1");
      RunRow run = f.engine.read(EngineFixture.WS, s -> s.run(runId).orElseThrow());
      assertThat(run.trigger()).isEqualTo(new TriggerInfo.Sensor("files", "m-1"));
      assertThat(f.engine.getRun(EngineFixture.WS, runId).taskCounts().total()).isEqualTo(2);
      SensorView v = f.engine.getSensor(EngineFixture.WS, "files");
      assertThat(v.cursor()).contains("m-1");
      assertThat(v.stateVersion()).isEqualTo(1);
      assertThat(v.lastEvalId()).contains(r.evalId());
      assertThat(r.evalId()).startsWith("eval_files_").hasSize("eval_files_".length() + 16);
    }
  }

  @Test
  void aPushMessageWithAPartitionKeyRequestsThatCanonicalPartition() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("assets").get(0))
          .putObject("partitioning")
          .putArray("dimensions")
          .addObject()
          .put("name", "date")
          .put("kind", "time")
          .put("granularity", "day");
      EngineFixture.withSensor(m, "files", "push", 30, "s.a");
      f.deploy(m);

      SensorEvaluateResult ok =
          f.engine.evaluateSensor(
              EngineFixture.WS,
              "files",
              new PushEvaluation("{}", Map.of("partitionKey", "date=d:2025-01-15"), Optional.of("m-1"), false));
      SensorEvaluateResult bad =
          f.engine.evaluateSensor(
              EngineFixture.WS,
              "files",
              new PushEvaluation("{}", Map.of("partitionKey", "nonsense"), Optional.of("m-2"), false));

      assertThat(ok.runRequests().get(0).partitionSelection()).contains(List.of("date=d:2025-01-15"));
      String runId = ok.runIds().get("sensor:files:msg:m-1");
      Optional<String> taskPartition =
          f.engine.read(EngineFixture.WS, s -> s.tasksOf(runId).firstEntry().getValue().partitionKey());
      assertThat(taskPartition).contains("date=d:2025-01-15");
      assertThat(bad.status()).isInstanceOf(SensorEvalStatus.Error.class);
      assertThat(bad.runRequests()).isEmpty();
      assertThat(bad.eventsWritten()).isEqualTo(1);
      assertThat(f.engine.getSensor(EngineFixture.WS, "files").status()).isEqualTo(SensorStatus.ERROR);
      assertThat(runCount(f)).isEqualTo(1);
    }
  }

  @Test
  void aRedeliveredPushMessageChangesNothingAndSaysDeduplicated() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "files", "push", 30, "s.a");
      f.deploy(m);
      SensorEvaluateResult first = f.engine.evaluateSensor(EngineFixture.WS, "files", push("m-1"));
      long head = f.store.head(EngineFixture.WS);

      SensorEvaluateResult again = f.engine.evaluateSensor(EngineFixture.WS, "files", push("m-1"));

      assertThat(again.deduplicated()).isTrue();
      assertThat(again.eventsWritten()).isZero();
      assertThat(again.evalId()).isEqualTo(first.evalId());
      assertThat(again.runIds()).isEqualTo(first.runIds());
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      assertThat(runCount(f)).isEqualTo(1);
      assertThat(f.engine.getSensor(EngineFixture.WS, "files").stateVersion()).isEqualTo(1);
    }
  }

  @Test
  void aDryRunAnswersTheRunRequestsAndWritesNothing() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "files", "push", 30, "s.a");
      f.deploy(m);
      long head = f.store.head(EngineFixture.WS);

      SensorEvaluateResult r =
          f.engine.evaluateSensor(
              EngineFixture.WS, "files", new PushEvaluation("{}", Map.of(), Optional.of("m-1"), true));

      assertThat(r.dryRun()).isTrue();
      assertThat(r.eventsWritten()).isZero();
      assertThat(r.runRequests()).extracting(q -> q.runKey()).containsExactly("sensor:files:msg:m-1");
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      assertThat(f.engine.getSensor(EngineFixture.WS, "files").stateVersion()).isZero();
      // The real evaluation afterwards is not a redelivery.
      assertThat(f.engine.evaluateSensor(EngineFixture.WS, "files", push("m-1")).eventsWritten()).isEqualTo(2);
    }
  }

  @Test
  void anUndefinedSensorIsEvaluatedAsNoNewDataAndComesIntoExistence() {
    try (EngineFixture f = new EngineFixture(T0)) {
      assertThat(catchThrowableOfType(FlowException.class, () -> f.engine.getSensor(EngineFixture.WS, "ghost")).error())
          .isInstanceOf(FlowError.NotFound.class);

      SensorEvaluateResult r =
          f.engine.evaluateSensor(EngineFixture.WS, "ghost", new PushEvaluation("{\"x\":1}", Map.of(), Optional.empty(), false));

      assertThat(r.status()).isEqualTo(new SensorEvalStatus.NoNewData());
      assertThat(r.messageId()).startsWith("manual_");
      assertThat(r.eventsWritten()).isEqualTo(1);
      SensorView v = f.engine.getSensor(EngineFixture.WS, "ghost");
      assertThat(v.status()).isEqualTo(SensorStatus.ACTIVE);
      assertThat(v.stateVersion()).isEqualTo(1);
      assertThat(v.kind()).isEmpty();
    }
  }

  @Test
  void pauseAndResumeAreIdempotentAndEvaluateWarnsOnAPausedSensor() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "files", "push", 30, "s.a");
      f.deploy(m);

      SensorView paused = f.engine.setSensorPaused(EngineFixture.WS, "files", true, Optional.empty(), "ops");
      long head = f.store.head(EngineFixture.WS);
      f.engine.setSensorPaused(EngineFixture.WS, "files", true, Optional.empty(), "ops");
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      SensorEvaluateResult r = f.engine.evaluateSensor(EngineFixture.WS, "files", push("m-1"));
      SensorView resumed = f.engine.setSensorPaused(EngineFixture.WS, "files", false, Optional.empty(), "ops");
      SensorView pausedAgain = f.engine.setSensorPaused(EngineFixture.WS, "files", true, Optional.empty(), "ops");

      assertThat(paused.status()).isEqualTo(SensorStatus.PAUSED);
      assertThat(r.warning()).contains("Sensor is paused but manual evaluate bypasses status");
      assertThat(r.status()).isEqualTo(new SensorEvalStatus.Triggered());
      assertThat(f.engine.getSensor(EngineFixture.WS, "files").stateVersion()).isEqualTo(1);
      assertThat(resumed.status()).isEqualTo(SensorStatus.ACTIVE);
      assertThat(pausedAgain.status()).isEqualTo(SensorStatus.PAUSED);
      assertThat(catchThrowableOfType(FlowException.class, () -> f.engine.setSensorPaused(EngineFixture.WS, "nope", true, Optional.empty(), "ops")).getMessage())
          .isEqualTo("sensor not found: nope");
    }
  }

  @Test
  void aPollSensorIsLeasedOnTheSensorsQueueWithItsCursorAndVersion() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "bucket", "poll", 60, "s.a");
      f.deploy(m);

      assertThat(f.engine.leaseWork(EngineFixture.WS, new LeaseRequest("w1", List.of("default-queue"), 5, 0)).isEmpty()).isTrue();
      LeaseBatch b = f.engine.leaseWork(EngineFixture.WS, sensorsQueue(5));

      assertThat(b.tasks()).isEmpty();
      LeasedSensorEvaluation l = b.sensorEvaluations().get(0);
      assertThat(l.sensorId()).isEqualTo("bucket");
      assertThat(l.stateVersion()).isZero();
      assertThat(l.cursor()).isEmpty();
      assertThat(l.taskId()).startsWith("cs1_");
      assertThat(io.arco.flow.model.Ids.parseSensorTaskId(l.taskId()))
          .contains(new io.arco.flow.model.Ids.SensorTaskId("bucket", 0));
      // A live lease is not handed out twice.
      assertThat(f.engine.leaseWork(EngineFixture.WS, sensorsQueue(5)).isEmpty()).isTrue();
      assertThat(f.engine.getSensor(EngineFixture.WS, "bucket").lease()).isPresent();
    }
  }

  @Test
  void aPollCompletionAdvancesTheCursorAndRequestsRunsWithDefaultRunKeys() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a", "s.b");
      EngineFixture.withSensor(m, "bucket", "poll", 60, "s.a");
      f.deploy(m);
      LeasedSensorEvaluation l = f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).sensorEvaluations().get(0);

      SensorCompletedAck ack =
          complete(f, l, "{\"cursor\":\"c-1\",\"runRequests\":[{}, {\"assets\":[\"s.b\"], \"runKey\":\"mine\"}]}");

      assertThat(ack.status()).isEqualTo(new SensorEvalStatus.Triggered());
      assertThat(ack.runRequests()).isEqualTo(2);
      SensorView v = f.engine.getSensor(EngineFixture.WS, "bucket");
      assertThat(v.cursor()).contains("c-1");
      assertThat(v.stateVersion()).isEqualTo(1);
      assertThat(v.lease()).isEmpty();
      boolean defaultKey = f.engine.read(EngineFixture.WS, s -> s.runKey("sensor:bucket:poll:0:0").isPresent());
      boolean ownKey = f.engine.read(EngineFixture.WS, s -> s.runKey("mine").isPresent());
      assertThat(defaultKey).isTrue();
      assertThat(ownKey).isTrue();
      assertThat(runCount(f)).isEqualTo(2);
      SensorEvalView e = evals(f, "bucket", Optional.empty()).get(0);
      assertThat(e.cursorBefore()).isEmpty();
      assertThat(e.cursorAfter()).contains("c-1");
      assertThat(e.expectedStateVersion()).contains(0);
    }
  }

  @Test
  void aRedeliveredPollCompletionChangesNothing() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "bucket", "poll", 60, "s.a");
      f.deploy(m);
      LeasedSensorEvaluation l = f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).sensorEvaluations().get(0);
      SensorCompletedAck first = complete(f, l, "{\"cursor\":\"c-1\",\"runRequests\":[{}]}");
      long head = f.store.head(EngineFixture.WS);

      SensorCompletedAck again = complete(f, l, "{\"cursor\":\"c-1\",\"runRequests\":[{}]}");

      assertThat(again.duplicate()).isTrue();
      assertThat(again.evalId()).isEqualTo(first.evalId());
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      assertThat(evals(f, "bucket", Optional.empty())).hasSize(1);
    }
  }

  @Test
  void aFailedOrInvalidPollEvaluationIsAnErrorThatKeepsTheCursor() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "bucket", "poll", 10, "s.a");
      f.deploy(m);
      complete(f, f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).sensorEvaluations().get(0), "{\"cursor\":\"c-1\"}");
      f.advance(Duration.ofSeconds(10));

      LeasedSensorEvaluation l2 = f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).sensorEvaluations().get(0);
      assertThat(l2.cursor()).contains("c-1");
      SensorCompletedAck bad = complete(f, l2, "{\"cursor\":\"c-2\",\"runRequests\":[{\"assets\":[\"s.zzz\"]}]}");
      f.advance(Duration.ofSeconds(10));
      LeasedSensorEvaluation l3 = f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).sensorEvaluations().get(0);
      SensorCompletedAck failed = f.engine.sensorCompleted(completion(l3, TaskOutcome.FAILED, null));

      assertThat(bad.status()).isEqualTo(new SensorEvalStatus.Error("invalid sensor output: runRequests[0]: unknown asset keys: s.zzz"));
      assertThat(failed.status()).isEqualTo(new SensorEvalStatus.Error("boom"));
      SensorView v = f.engine.getSensor(EngineFixture.WS, "bucket");
      assertThat(v.status()).isEqualTo(SensorStatus.ERROR);
      assertThat(v.cursor()).contains("c-1");
      assertThat(v.stateVersion()).isEqualTo(3);
      assertThat(runCount(f)).isZero();
      assertThat(evals(f, "bucket", Optional.of("ERROR"))).hasSize(2);
      // An errored sensor keeps being polled and recovers on its next success.
      f.advance(Duration.ofSeconds(10));
      complete(f, f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).sensorEvaluations().get(0), "{}");
      assertThat(f.engine.getSensor(EngineFixture.WS, "bucket").status()).isEqualTo(SensorStatus.ACTIVE);
    }
  }

  @Test
  void anUnansweredLeaseIsLeasedAgainAfterItExpiresAndTheFirstCompletionWins() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "bucket", "poll", 30, "s.a");
      f.deploy(m);
      LeasedSensorEvaluation lost = f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).sensorEvaluations().get(0);
      f.advance(Duration.ofSeconds(LeasedSensorEvaluation.LEASE_SECONDS - 1));
      assertThat(f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).isEmpty()).isTrue();
      f.advance(Duration.ofSeconds(1));

      LeasedSensorEvaluation again = f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).sensorEvaluations().get(0);
      SensorCompletedAck winner = complete(f, again, "{\"cursor\":\"new\",\"runRequests\":[{}]}");
      SensorCompletedAck late = complete(f, lost, "{\"cursor\":\"old\",\"runRequests\":[{}]}");

      assertThat(again.stateVersion()).isEqualTo(lost.stateVersion());
      assertThat(again.pollEpoch()).isGreaterThan(lost.pollEpoch());
      assertThat(winner.status()).isEqualTo(new SensorEvalStatus.Triggered());
      assertThat(late.status()).isEqualTo(new SensorEvalStatus.SkippedStaleCursor());
      assertThat(late.runRequests()).isZero();
      assertThat(f.engine.getSensor(EngineFixture.WS, "bucket").cursor()).contains("new");
      assertThat(runCount(f)).isEqualTo(1);
      assertThat(evals(f, "bucket", Optional.of("SKIPPED_STALE_CURSOR"))).singleElement()
          .satisfies(e -> assertThat(e.runRequests()).isEmpty());
    }
  }

  @Test
  void aPausedOrRemovedPollSensorIsNotLeased() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "bucket", "poll", 30, "s.a");
      f.deploy(m);
      f.engine.setSensorPaused(EngineFixture.WS, "bucket", true, Optional.empty(), "ops");
      assertThat(f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).isEmpty()).isTrue();
      f.engine.setSensorPaused(EngineFixture.WS, "bucket", false, Optional.empty(), "ops");
      assertThat(f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).sensorEvaluations()).hasSize(1);

      f.advance(Duration.ofSeconds(LeasedSensorEvaluation.LEASE_SECONDS + 1));
      f.deploy(EngineFixture.manifest("s.a"));

      assertThat(f.engine.leaseWork(EngineFixture.WS, sensorsQueue(1)).isEmpty()).isTrue();
    }
  }

  @Test
  void theEvalHistoryIsNewestFirstAndFiltersByTimeAndStatus() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSensor(m, "files", "push", 30, "s.a");
      f.deploy(m);
      f.engine.evaluateSensor(EngineFixture.WS, "files", push("m-1"));
      f.advance(Duration.ofMinutes(1));
      f.engine.evaluateSensor(EngineFixture.WS, "other", push("m-2"));
      f.engine.evaluateSensor(EngineFixture.WS, "files", push("m-3"));
      f.advance(Duration.ofMinutes(1));
      f.engine.evaluateSensor(EngineFixture.WS, "files", push("m-4"));

      List<SensorEvalView> all = evals(f, "files", Optional.empty());
      List<SensorEvalView> middle =
          f.engine.listSensorEvals(
              EngineFixture.WS,
              "files",
              new SensorViews.EvalQuery(
                  Optional.of(T0.plusSeconds(60)), Optional.of(T0.plusSeconds(60)), Optional.empty(), Optional.empty(), Optional.empty(), 100));
      List<SensorEvalView> page2 =
          f.engine.listSensorEvals(
              EngineFixture.WS,
              "files",
              new SensorViews.EvalQuery(
                  Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(all.get(0).evaluatedAt()), Optional.of(all.get(0).evalId()), 1));

      assertThat(all).extracting(SensorEvalView::cursorAfter)
          .containsExactly(Optional.of("m-4"), Optional.of("m-3"), Optional.of("m-1"));
      assertThat(middle).extracting(SensorEvalView::cursorAfter).containsExactly(Optional.of("m-3"));
      assertThat(page2).hasSize(2).first().satisfies(e -> assertThat(e.cursorAfter()).contains("m-3"));
      assertThat(evals(f, "files", Optional.of("NO_NEW_DATA"))).isEmpty();
      assertThat(evals(f, "nobody", Optional.empty())).isEmpty();
      assertThat(f.engine.listSensors(EngineFixture.WS, Optional.empty(), 10))
          .extracting(SensorView::sensorId).containsExactly("files", "other");
    }
  }
}
