package io.arco.flow.control;

import io.arco.flow.event.Event;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.ScheduleTicked;
import io.arco.flow.event.SourceRef;
import io.arco.flow.event.TickStatus;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.ScheduleDefinitionRow;
import io.arco.flow.fold.ScheduleStateRow;
import io.arco.flow.model.OverlapPolicy;
import io.arco.flow.plan.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ticks schedules (flow-model §0.3.12, decisions §6.8). For each definition, the due ticks are the
 * cron instants after its last evaluated tick (or its creation: a new schedule never replays the
 * past), inside the catch-up window ({@code catchupWindowMinutes}, 24 h when 0) and up to {@code
 * now}. The newest {@code maxCatchupTicks} of them are evaluated — TRIGGERED with a run request in
 * the same batch, or SKIPPED {@code paused} (disabled) or {@code overlap} (policy SKIP while the
 * previous triggered run is not terminal); the older ones are SKIPPED {@code catchup_limit}. Ticks
 * older than the window are not recorded. Run keys {@code sched:{id}:{epoch}} make one tick one run
 * across crashes and replays.
 */
public final class ScheduleController implements Controller {
  @Override
  public List<Event> evaluate(ControllerInput input) {
    FoldState state = input.state();
    Instant now = input.now();
    List<Event> out = new ArrayList<>();
    for (ScheduleDefinitionRow def : state.scheduleDefinitions().values()) {
      tick(state, def, now, out);
    }
    return out;
  }

  private static void tick(FoldState state, ScheduleDefinitionRow def, Instant now, List<Event> out) {
    Optional<ScheduleStateRow> st = state.scheduleState(def.scheduleId());
    Duration window =
        Duration.ofMinutes(def.catchupWindowMinutes() == 0 ? 1440 : def.catchupWindowMinutes());
    Instant floor = now.minus(window);
    Instant start = st.flatMap(ScheduleStateRow::lastScheduledFor).orElse(def.createdAt());
    Instant after = start.isAfter(floor) ? start : floor;
    List<Instant> due = CronSchedule.of(def.cronExpression(), def.timezone()).between(after, now);
    if (due.isEmpty()) {
      return;
    }
    int keep = Math.max(1, def.maxCatchupTicks());
    int firstKept = Math.max(0, due.size() - keep);
    boolean previousRunOpen = previousRunOpen(state, st);
    String fingerprint = fingerprint(def.assetSelection());
    for (int i = 0; i < due.size(); i++) {
      Instant at = due.get(i);
      long epoch = at.getEpochSecond();
      String tickId = def.scheduleId() + ":" + epoch;
      TickStatus status;
      if (i < firstKept) {
        status = new TickStatus.Skipped(TickStatus.SKIP_CATCHUP_LIMIT);
      } else if (!def.enabled()) {
        status = new TickStatus.Skipped(TickStatus.SKIP_PAUSED);
      } else if (def.overlapPolicy() == OverlapPolicy.SKIP && previousRunOpen) {
        status = new TickStatus.Skipped(TickStatus.SKIP_OVERLAP);
      } else {
        status = new TickStatus.Triggered();
      }
      boolean triggered = status instanceof TickStatus.Triggered;
      Optional<String> runKey = triggered ? Optional.of("sched:" + def.scheduleId() + ":" + epoch) : Optional.empty();
      out.add(
          new ScheduleTicked(
              def.scheduleId(),
              at,
              tickId,
              def.rowVersion(),
              def.assetSelection(),
              Optional.empty(),
              status,
              runKey,
              triggered ? Optional.of(fingerprint) : Optional.empty()));
      if (triggered) {
        out.add(
            new RunRequested(
                runKey.get(),
                fingerprint,
                def.assetSelection(),
                Optional.empty(),
                new SourceRef.Schedule(def.scheduleId(), tickId),
                Map.of(),
                def.codeVersion()));
        previousRunOpen = true;
      }
    }
  }

  /** Whether the run of the latest TRIGGERED tick exists or is pending and is not terminal. */
  private static boolean previousRunOpen(FoldState state, Optional<ScheduleStateRow> st) {
    Optional<String> runId = st.flatMap(ScheduleStateRow::lastTriggeredRunId);
    if (runId.isEmpty()) {
      return false;
    }
    // Runs in memory are the ones that have not ended; a finished run has left for history.
    Optional<RunRow> run = state.liveRun(runId.get());
    if (run.isPresent()) {
      return !run.get().state().isTerminal();
    }
    return state.pendingRuns().values().stream().anyMatch(p -> p.runId().equals(runId.get()));
  }

  /**
   * The schedule request fingerprint (flow-model part 3 §1.7): SHA-256 hex of the sorted asset
   * selection joined by {@code ,}.
   */
  public static String fingerprint(List<String> assetSelection) {
    return io.arco.flow.model.RequestFingerprint.of(assetSelection, Optional.empty());
  }
}
