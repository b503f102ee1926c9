package io.arco.flow.parity;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.ManualClock;
import io.arco.flow.engine.TriggerResult;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.fold.OutboxRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.DispatchStatus;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskState;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.testing.FoldHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Parity gates M1 of arco-flow (the reference's {@code parity_m1_*} tests): run identity, out-of-
 * order dispatch facts, stale and duplicate completions.
 */
class OrchestrationParityGatesM1Test {
  private static final Scope WS = new Scope("t1", "w1");

  private static Engine engineWithManifest() {
    Engine engine =
        Engine.open(
            new InMemoryEventStore(),
            new ManualClock(Instant.parse("2026-01-01T00:00:00Z")),
            EngineOptions.defaults().withTickInterval(Duration.ZERO));
    ObjectNode m = new ObjectMapper().createObjectNode().put("manifestVersion", "v").put("codeVersionId", "c");
    var assets = m.putArray("assets");
    for (String name : List.of("a", "b")) {
      ObjectNode a = assets.addObject();
      a.putObject("key").put("namespace", "s").put("name", name);
      a.put("id", name);
    }
    engine.deployManifest(WS, m, Optional.empty(), "t");
    return engine;
  }

  private static TriggerRequest keyed(String key, List<String> selection, Map<String, String> labels) {
    return new TriggerRequest(selection, false, false, List.of(), Optional.empty(), Optional.of(key), labels);
  }

  @Test
  void duplicateRunKeyReservationReturnsTheExistingRun() {
    try (Engine engine = engineWithManifest()) {
      TriggerResult first = engine.triggerRun(WS, keyed("daily", List.of("s.a", "s.b"), Map.of()), "u");
      TriggerResult again = engine.triggerRun(WS, keyed("daily", List.of("s.b", "s.a"), Map.of()), "u");

      assertThat(first.created()).isTrue();
      assertThat(again.created()).isFalse();
      assertThat(again.runId()).isEqualTo(first.runId());
      assertThat(again.planId()).isEqualTo(first.planId());
      assertThat(again.createdAt()).isEqualTo(first.createdAt());
      int runs = engine.read(WS, s -> (int) s.runCount());
      assertThat(runs).isEqualTo(1);
    }
  }

  @Test
  void reservationDetectsAFingerprintConflict() {
    try (Engine engine = engineWithManifest()) {
      TriggerResult first = engine.triggerRun(WS, keyed("daily", List.of("s.a"), Map.of()), "u");

      FlowException e =
          catchThrowableOfType(
              FlowException.class,
              () -> engine.triggerRun(WS, keyed("daily", List.of("s.a"), Map.of("env", "prod")), "u"));

      FlowError.RunKeyConflict c = (FlowError.RunKeyConflict) e.error();
      assertThat(c.runKey()).isEqualTo("daily");
      assertThat(c.existingRunId()).isEqualTo(first.runId());
      assertThat(c.existingFingerprint()).isPresent();
      assertThat(c.requestedFingerprint()).isPresent().isNotEqualTo(c.existingFingerprint());
      assertThat(c.extraDetails()).containsEntry("requestedLabels", new java.util.TreeMap<>(Map.of("env", "prod")));
      int runs = engine.read(WS, s -> (int) s.runCount());
      assertThat(runs).isEqualTo(1);
    }
  }

  @Test
  void outOfOrderDispatchFieldsAreKept() {
    FoldHarness h = new FoldHarness();
    h.given(runTriggered("r1"), plan("r1", task("s.a")));
    String dispatchId = Ids.dispatchId("r1", "s.a", 1);

    assertThat(h.apply(enqueued("r1", "s.a", 1, "w-7"))).as("ack before the request").isTrue();
    OutboxRow early = h.state().outbox().get(dispatchId);
    assertThat(early.status()).isEqualTo(DispatchStatus.CREATED);
    assertThat(early.attemptId()).isEmpty();
    h.apply(
        new DispatchRequested(
            "r1", "s.a", 1, Ids.attemptId(dispatchId), "gpu", dispatchId));

    OutboxRow row = h.state().outbox().get(dispatchId);
    assertThat(row.status()).as("CREATED is not downgraded").isEqualTo(DispatchStatus.CREATED);
    assertThat(row.attemptId()).isEqualTo(Ids.attemptId(dispatchId));
    assertThat(row.workerQueue()).isEqualTo("gpu");
    TaskRow t = h.task("r1", "s.a");
    assertThat(t.state()).isEqualTo(TaskState.DISPATCHED);
    assertThat(t.attemptId()).contains(Ids.attemptId(dispatchId));
    assertThat(t.workerId()).contains("w-7");
    h.assertReplayEqualsLive();
  }

  @Test
  void aStaleCompletionAfterARetryStartedIsRejected() {
    FoldHarness h = new FoldHarness();
    h.given(runTriggered("r1"), plan("r1", task("s.a")));
    h.given(dispatch("r1", "s.a", 1), started("r1", "s.a", 1), failed("r1", "s.a", 1));
    h.given(dispatch("r1", "s.a", 2), started("r1", "s.a", 2));

    boolean late = h.applyWithKey(succeeded("r1", "s.a", 1), "finished:r1:s.a:1:redelivered");

    assertThat(late).isFalse();
    TaskRow t = h.task("r1", "s.a");
    assertThat(t.state()).isEqualTo(TaskState.RUNNING);
    assertThat(t.attempt()).isEqualTo(2);
    assertThat(t.completedAt()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void aDuplicateCompletionIsANoOp() {
    FoldHarness h = new FoldHarness();
    h.given(runTriggered("r1"), plan("r1", task("s.a"), task("s.b", "s.a")));
    h.given(dispatch("r1", "s.a", 1), started("r1", "s.a", 1), succeeded("r1", "s.a", 1));
    var before = h.state().snapshot();

    boolean duplicate = h.apply(succeeded("r1", "s.a", 1));

    assertThat(duplicate).isFalse();
    assertThat(h.state().snapshot()).isEqualTo(before);
    assertThat(h.state().run("r1").orElseThrow().tasksSucceeded()).isEqualTo(1);
    assertThat(h.task("r1", "s.b").depsSatisfiedCount()).isEqualTo(1);
    h.assertReplayEqualsLive();
  }

  private static io.arco.flow.event.ScheduleTicked tick(String scheduleId, Instant at) {
    long epoch = at.getEpochSecond();
    return new io.arco.flow.event.ScheduleTicked(
        scheduleId, at, scheduleId + ":" + epoch, "v1", List.of("s.a"), Optional.empty(),
        new io.arco.flow.event.TickStatus.Triggered(), Optional.of("sched:" + scheduleId + ":" + epoch),
        Optional.of("fp"));
  }

  @Test
  void tickIdempotencyKeyUsesTheTickId() {
    var t = tick("daily", Instant.parse("2025-01-15T10:00:00Z"));

    assertThat(io.arco.flow.event.IdempotencyKeys.of(t)).isEqualTo("sched_tick:daily:1736935200");
    assertThat(io.arco.flow.event.EventEnvelope.of("e1", Instant.EPOCH, WS, t).idempotencyKey())
        .isEqualTo("sched_tick:" + t.tickId());
  }

  @Test
  void duplicateTicksAreProjectionIdempotent() {
    FoldHarness h = new FoldHarness();
    var t = tick("daily", Instant.parse("2025-01-15T10:00:00Z"));
    var envelope = io.arco.flow.event.EventEnvelope.of(h.nextEventId(), h.now(), FoldHarness.SCOPE, t);
    boolean first = h.apply(envelope);
    var once = h.state().snapshot();

    // The very same envelope redelivered (same event id, same key), then the same tick under a
    // new event id and a later timestamp (same key).
    boolean sameEnvelopeAgain = h.apply(envelope);
    h.advance(Duration.ofMinutes(1));
    var newEnvelope = io.arco.flow.event.EventEnvelope.of(h.nextEventId(), h.now(), FoldHarness.SCOPE, t);
    boolean newEventIdSameKey = h.apply(newEnvelope);

    assertThat(first).isTrue();
    assertThat(newEnvelope.eventId()).isNotEqualTo(envelope.eventId());
    assertThat(newEnvelope.idempotencyKey()).isEqualTo(envelope.idempotencyKey());
    assertThat(sameEnvelopeAgain).isFalse();
    assertThat(newEventIdSameKey).isFalse();
    assertThat(h.state().snapshot()).isEqualTo(once);
    assertThat(h.state().scheduleTicks()).hasSize(1);
    h.assertReplayEqualsLive();
  }

  @Test
  void pushSensorDedupesDuplicateMessages() {
    try (var f = new io.arco.flow.testing.EngineFixture(Instant.parse("2026-01-01T00:00:00Z"))) {
      var m = io.arco.flow.testing.EngineFixture.manifest("s.a");
      io.arco.flow.testing.EngineFixture.withSensor(m, "files", "push", 30, "s.a");
      f.deploy(m);
      var message = new io.arco.flow.engine.PushEvaluation("{\"file\":\"x.csv\"}", Map.of(), Optional.of("msg-1"), false);

      var first = f.engine.evaluateSensor(WS, "files", message);
      long head = f.store.head(WS);
      var second = f.engine.evaluateSensor(WS, "files", message);

      assertThat(first.eventsWritten()).isEqualTo(2);
      assertThat(first.deduplicated()).isFalse();
      assertThat(second.deduplicated()).isTrue();
      assertThat(second.eventsWritten()).isZero();
      assertThat(second.evalId()).isEqualTo(first.evalId());
      assertThat(f.store.head(WS)).isEqualTo(head);
      int runs = f.engine.read(WS, st -> (int) st.runCount());
      int evals = f.engine.read(WS, st -> st.sensorEvals().size());
      assertThat(runs).isEqualTo(1);
      assertThat(evals).isEqualTo(1);
    }
  }
}
