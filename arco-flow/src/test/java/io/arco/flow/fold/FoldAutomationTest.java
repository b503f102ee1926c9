package io.arco.flow.fold;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.RunRequested;
import io.arco.flow.event.ScheduleDefinitionUpserted;
import io.arco.flow.event.ScheduleTicked;
import io.arco.flow.event.SourceRef;
import io.arco.flow.event.TickStatus;
import io.arco.flow.model.Ids;
import io.arco.flow.model.OverlapPolicy;
import io.arco.flow.testing.FoldHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FoldAutomationTest {
  private final FoldHarness h = new FoldHarness();

  private static ScheduleDefinitionUpserted definition(String cron, boolean enabled) {
    return new ScheduleDefinitionUpserted(
        "daily", cron, "UTC", 0, List.of("s.a"), Optional.of("c1"), 1, enabled, OverlapPolicy.ALLOW);
  }

  private static ScheduleTicked triggered(Instant at) {
    long epoch = at.getEpochSecond();
    return new ScheduleTicked(
        "daily", at, "daily:" + epoch, "v1", List.of("s.a"), Optional.empty(), new TickStatus.Triggered(),
        Optional.of("sched:daily:" + epoch), Optional.of("fp"));
  }

  private static RunRequested request(String runKey, String fp, SourceRef source) {
    return new RunRequested(runKey, fp, List.of("s.a"), Optional.empty(), source, Map.of(), Optional.of("c1"));
  }

  @Test
  void aDefinitionUpsertKeepsItsCreationTimeAndIgnoresOlderEvents() {
    h.apply(definition("0 9 * * *", true));
    h.advance(Duration.ofMinutes(5));
    h.apply(definition("0 10 * * *", false));

    ScheduleDefinitionRow row = h.state().scheduleDefinitions().get("daily");
    assertThat(row.cronExpression()).isEqualTo("0 10 * * *");
    assertThat(row.enabled()).isFalse();
    assertThat(row.createdAt()).isEqualTo(FoldHarness.T0);
    var older =
        io.arco.flow.event.EventEnvelope.of(
            "01EVT0", h.now(), FoldHarness.SCOPE, definition("0 11 * * *", true), "sched_def:old");
    assertThat(h.apply(older)).isFalse();
    assertThat(h.state().scheduleDefinitions().get("daily").cronExpression()).isEqualTo("0 10 * * *");
    h.assertReplayEqualsLive();
  }

  @Test
  void aTickIsRecordedWithItsRunIdAndMovesTheScheduleState() {
    Instant at = Instant.parse("2025-01-15T10:00:00Z");
    h.apply(triggered(at));

    ScheduleTickRow tick = h.state().scheduleTicks().get("daily:1736935200");
    String runId = Ids.runIdFromRunKey(new byte[0], FoldHarness.SCOPE, "sched:daily:1736935200");
    assertThat(tick.runId()).contains(runId);
    ScheduleStateRow st = h.state().scheduleState("daily").orElseThrow();
    assertThat(st.lastScheduledFor()).contains(at);
    assertThat(st.lastRunKey()).contains("sched:daily:1736935200");
    assertThat(st.lastTriggeredRunId()).contains(runId);
    h.assertReplayEqualsLive();
  }

  @Test
  void aDuplicateTickIsDroppedByItsTickIdKeyAndChangesNothing() {
    Instant at = Instant.parse("2025-01-15T10:00:00Z");
    h.apply(triggered(at));
    var before = h.state().snapshot();

    boolean again = h.apply(triggered(at));

    assertThat(again).isFalse();
    assertThat(h.state().hasIdempotencyKey("sched_tick:daily:1736935200")).isTrue();
    assertThat(h.state().snapshot()).isEqualTo(before);
  }

  @Test
  void aSkippedTickKeepsThePreviousTriggeredRun() {
    h.apply(triggered(Instant.parse("2025-01-15T10:00:00Z")));
    String first = h.state().scheduleState("daily").orElseThrow().lastTriggeredRunId().orElseThrow();
    Instant next = Instant.parse("2025-01-16T10:00:00Z");
    h.apply(
        new ScheduleTicked(
            "daily", next, "daily:" + next.getEpochSecond(), "v1", List.of("s.a"), Optional.empty(),
            new TickStatus.Skipped("paused"), Optional.empty(), Optional.empty()));

    ScheduleStateRow st = h.state().scheduleState("daily").orElseThrow();
    assertThat(st.lastScheduledFor()).contains(next);
    assertThat(st.lastRunKey()).isEmpty();
    assertThat(st.lastTriggeredRunId()).contains(first);
    h.assertReplayEqualsLive();
  }

  @Test
  void aRunRequestIndexesItsKeyWithTheDerivedRunIdAndQueuesTheRun() {
    h.apply(request("sched:daily:1", "fp", new SourceRef.Schedule("daily", "daily:1")));

    String runId = Ids.runIdFromRunKey(new byte[0], FoldHarness.SCOPE, "sched:daily:1");
    RunKeyRow row = h.state().runKey("sched:daily:1").orElseThrow();
    assertThat(row.runId()).isEqualTo(runId);
    assertThat(row.planId()).isEqualTo("plan_" + runId);
    assertThat(row.sourceKind()).contains("schedule");
    assertThat(h.state().pendingRuns()).containsKey("sched:daily:1");
    h.assertReplayEqualsLive();
  }

  @Test
  void aRepeatedRunRequestIsANoOpAndAChangedOneIsARecordedConflict() {
    h.apply(request("k", "fp1", new SourceRef.Manual("u", "r1")));
    RunKeyRow first = h.state().runKey("k").orElseThrow();

    boolean same = h.applyWithKey(request("k", "fp1", new SourceRef.Manual("u", "r2")), "runreq:again");
    boolean changed = h.apply(request("k", "fp2", new SourceRef.Manual("u", "r3")));

    assertThat(same).isTrue();
    assertThat(changed).isTrue();
    assertThat(h.state().runKey("k")).contains(first);
    assertThat(h.state().runKeyConflicts().values())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.existingFingerprint()).contains("fp1");
              assertThat(c.conflictingFingerprint()).isEqualTo("fp2");
            });
    h.assertReplayEqualsLive();
  }

  @Test
  void triggeringTheRequestedRunClearsItsPendingRow() {
    h.apply(request("k", "fp", new SourceRef.Manual("u", "r")));
    String runId = h.state().runKey("k").orElseThrow().runId();

    h.apply(
        new io.arco.flow.event.RunTriggered(
            runId, "plan_" + runId, new io.arco.flow.event.TriggerInfo.Manual("u"), List.of("s.a"),
            Optional.of("k"), Map.of(), Optional.empty(), Optional.empty(), Optional.of("fp"),
            Optional.of("manual")));

    assertThat(h.state().pendingRuns()).isEmpty();
    assertThat(h.state().run(runId)).isPresent();
    h.assertReplayEqualsLive();
  }

  /**
   * The idempotency gate holds a run request's key while its run is only requested, and then while
   * the run is live: the same request redelivered (its key again) changes nothing at either point.
   */
  @Test
  void aRedeliveredRunRequestIsDroppedWhileItsRunIsPendingAndWhileItIsLive() {
    var original = io.arco.flow.event.EventEnvelope.of(
        h.nextEventId(), h.now(), FoldHarness.SCOPE, request("k", "fp", new SourceRef.Manual("u", "r")));
    assertThat(h.apply(original)).isTrue();
    String runId = h.state().runKey("k").orElseThrow().runId();
    var pending = h.state().snapshot();

    var whilePending = io.arco.flow.event.EventEnvelope.of(
        h.nextEventId(), h.now(), FoldHarness.SCOPE, original.data(), original.idempotencyKey());
    assertThat(h.apply(whilePending)).as("redelivered while the run is pending").isFalse();
    assertThat(h.state().snapshot()).isEqualTo(pending);

    h.apply(
        new io.arco.flow.event.RunTriggered(
            runId, "plan_" + runId, new io.arco.flow.event.TriggerInfo.Manual("u"), List.of("s.a"),
            Optional.of("k"), Map.of(), Optional.empty(), Optional.empty(), Optional.of("fp"),
            Optional.of("manual")));
    var live = h.state().snapshot();
    var whileLive = io.arco.flow.event.EventEnvelope.of(
        h.nextEventId(), h.now(), FoldHarness.SCOPE, original.data(), original.idempotencyKey());
    assertThat(h.apply(whileLive)).as("redelivered while the run is live").isFalse();
    assertThat(h.state().snapshot()).isEqualTo(live);
    assertThat(h.state().idempotencyRecord(original.idempotencyKey()).orElseThrow().eventId())
        .isEqualTo(original.eventId());
    h.assertReplayEqualsLive();
  }

  @Test
  void theRunIdSecretChangesAutomationRunIds() {
    FoldState other = new FoldState("workspace-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Fold.apply(
        other,
        io.arco.flow.event.EventEnvelope.of(
            "01A", FoldHarness.T0, FoldHarness.SCOPE, request("k", "fp", new SourceRef.Manual("u", "r"))));
    h.apply(request("k", "fp", new SourceRef.Manual("u", "r")));

    assertThat(other.runKey("k").orElseThrow().runId()).isNotEqualTo(h.state().runKey("k").orElseThrow().runId());
    assertThat(FoldState.fromSnapshot(other.snapshot(), "workspace-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)).copy().runKey("k"))
        .isEqualTo(other.runKey("k"));
  }
}
