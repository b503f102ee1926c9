package io.arco.flow.fold;

import io.arco.flow.event.RunRequested;
import io.arco.flow.event.ScheduleDefinitionUpserted;
import io.arco.flow.event.ScheduleTicked;
import io.arco.flow.event.SourceRef;
import io.arco.flow.event.TickStatus;
import io.arco.flow.model.Ids;
import java.util.Optional;

/**
 * Fold steps of automation (flow-model part 4 §0.2, §1.1, §1.7): schedule definitions, ticks and
 * state, and the run requests that every automation source funnels into the run_key index.
 */
final class AutomationHandlers {
  private AutomationHandlers() {}

  /** Replaces the definition when the event is strictly newer; the creation time is kept. */
  static boolean scheduleDefinition(FoldStep step, ScheduleDefinitionUpserted e) {
    FoldState s = step.state();
    ScheduleDefinitionRow old = s.scheduleDefinitions.get(e.scheduleId());
    if (old != null && step.eventId().compareTo(old.rowVersion()) <= 0) {
      return false;
    }
    s.scheduleDefinitions.put(
        e.scheduleId(),
        new ScheduleDefinitionRow(
            e.scheduleId(),
            e.cronExpression(),
            e.timezone(),
            e.catchupWindowMinutes(),
            e.maxCatchupTicks(),
            e.assetSelection(),
            e.codeVersion(),
            e.enabled(),
            e.overlapPolicy(),
            old == null ? step.at() : old.createdAt(),
            step.eventId()));
    return true;
  }

  /** Records a tick in the history and moves the schedule's state forward (last writer by event id). */
  static boolean scheduleTicked(FoldStep step, ScheduleTicked e) {
    FoldState s = step.state();
    Optional<String> runId = e.runKey().map(k -> runIdOf(step, k));
    boolean triggered = e.status() instanceof TickStatus.Triggered;
    boolean changed = false;
    ScheduleStateRow st = s.scheduleStates.get(e.scheduleId());
    if (st == null || step.eventId().compareTo(st.rowVersion()) > 0) {
      s.scheduleStates.put(
          e.scheduleId(),
          new ScheduleStateRow(
              e.scheduleId(),
              Optional.of(e.scheduledFor()),
              Optional.of(e.tickId()),
              triggered ? e.runKey() : Optional.empty(),
              triggered ? runId : st == null ? Optional.empty() : st.lastTriggeredRunId(),
              step.eventId()));
      changed = true;
    }
    ScheduleTickRow old = s.scheduleTicks.get(e.tickId());
    if (old == null || step.eventId().compareTo(old.rowVersion()) > 0) {
      s.scheduleTicks.put(
          e.tickId(),
          new ScheduleTickRow(
              e.tickId(),
              e.scheduleId(),
              e.scheduledFor(),
              e.definitionVersion(),
              e.assetSelection(),
              e.partitionSelection(),
              e.status(),
              e.runKey(),
              runId,
              e.requestFingerprint(),
              step.eventId()));
      changed = true;
    }
    if (!triggered) {
      // A skipped or failed tick requests nothing: it is settled and leaves memory.
      s.settleTick(e.tickId());
    }
    return changed;
  }

  /**
   * Indexes a run key (first writer wins) and queues its run; a reused key with the same
   * fingerprint is an applied no-op, with another fingerprint a recorded conflict.
   */
  static boolean runRequested(FoldStep step, RunRequested e) {
    FoldState s = step.state();
    if (e.triggerSourceRef() instanceof SourceRef.Sensor sensor
        && SensorHandlers.fromStaleEvaluation(s, sensor.evalId())) {
      return false;
    }
    RunKeyRow existing = s.runKeyAsOf(e.runKey()).orElse(null);
    if (e.triggerSourceRef() instanceof SourceRef.Backfill chunk) {
      String runId = existing != null ? existing.runId() : runIdOf(step, e.runKey());
      // The chunk's run is whatever run holds its key (flow-model part 3 §1.8: backfill chunks
      // match on the run key alone); the run_key index below records a conflict if any.
      BackfillHandlers.linkRun(step, chunk.chunkId(), runId);
    }
    if (e.triggerSourceRef() instanceof SourceRef.Schedule sched
        && s.scheduleTicks.containsKey(sched.tickId())) {
      // A triggered tick is settled once its request is folded (with its run id when it made one).
      s.settleTick(sched.tickId());
    }
    if (existing != null) {
      if (!existing.requestFingerprint().equals(Optional.of(e.requestFingerprint()))) {
        String id = "conflict:" + e.runKey() + ":" + step.eventId();
        s.runKeyConflicts.put(
            id,
            new RunKeyConflictRow(
                id,
                e.runKey(),
                existing.requestFingerprint(),
                e.requestFingerprint(),
                step.eventId(),
                step.at()));
      }
      return true;
    }
    String runId = runIdOf(step, e.runKey());
    s.runKeys.put(
        e.runKey(),
        new RunKeyRow(
            e.runKey(),
            runId,
            "plan_" + runId,
            Optional.of(e.requestFingerprint()),
            Optional.of(e.triggerSourceRef().kind()),
            e.codeVersion(),
            step.at(),
            step.eventId()));
    if (!s.runs.containsKey(runId)) {
      s.pendingRuns.put(
          e.runKey(),
          new PendingRunRow(
              e.runKey(),
              runId,
              e.assetSelection(),
              e.partitionSelection(),
              e.triggerSourceRef(),
              e.labels(),
              e.codeVersion(),
              e.requestFingerprint(),
              step.at()));
    }
    if (e.triggerSourceRef() instanceof SourceRef.Schedule sched) {
      ScheduleTickRow tick = s.scheduleTicks.get(sched.tickId());
      if (tick != null && tick.runId().isEmpty()) {
        s.scheduleTicks.put(
            tick.tickId(),
            new ScheduleTickRow(
                tick.tickId(),
                tick.scheduleId(),
                tick.scheduledFor(),
                tick.definitionVersion(),
                tick.assetSelection(),
                tick.partitionSelection(),
                tick.status(),
                tick.runKey(),
                Optional.of(runId),
                tick.requestFingerprint(),
                tick.rowVersion()));
      }
    }
    return true;
  }

  /** The deterministic run id of an automation run key (flow-model part 4 §0.3). */
  static String runIdOf(FoldStep step, String runKey) {
    return Ids.runIdFromRunKey(step.state().runIdSecret, step.scope(), runKey);
  }
}
