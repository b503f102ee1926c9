package io.arco.flow.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.arco.flow.control.ControllerInput;
import io.arco.flow.control.ScheduleController;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.Event;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.ScheduleTicked;
import io.arco.flow.event.TickStatus;
import io.arco.flow.plan.TriggerRequest;
import io.arco.flow.query.TickView;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.testing.EngineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parity gates M2 of arco-flow, automation part: schedules and their run requests. */
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
      int runs = f.engine.read(EngineFixture.WS, s -> s.runs().size());
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
      int runs = f.engine.read(EngineFixture.WS, s -> s.runs().size());
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
      int runs = f.engine.read(EngineFixture.WS, s -> s.runs().size());
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
}
