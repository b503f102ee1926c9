package io.arco.flow.query;

import io.arco.flow.event.TickStatus;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.ScheduleDefinitionRow;
import io.arco.flow.fold.ScheduleStateRow;
import io.arco.flow.fold.ScheduleTickRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Read models of schedules and their tick history. */
public final class ScheduleViews {
  private ScheduleViews() {}

  public static Optional<ScheduleView> of(FoldState state, String scheduleId) {
    return Optional.ofNullable(state.scheduleDefinitions().get(scheduleId)).map(d -> view(state, d));
  }

  /** Schedules sorted by id, after {@code afterId} when given, at most {@code limit + 1}. */
  public static List<ScheduleView> list(FoldState state, Optional<String> afterId, int limit) {
    List<ScheduleView> out = new ArrayList<>();
    var defs =
        afterId.isPresent()
            ? state.scheduleDefinitions().tailMap(afterId.get(), false)
            : state.scheduleDefinitions();
    for (ScheduleDefinitionRow d : defs.values()) {
      if (out.size() > limit) {
        break;
      }
      out.add(view(state, d));
    }
    return out;
  }

  static ScheduleView view(FoldState state, ScheduleDefinitionRow d) {
    Optional<ScheduleStateRow> st = state.scheduleState(d.scheduleId());
    return new ScheduleView(
        d.scheduleId(),
        d.cronExpression(),
        d.timezone(),
        d.catchupWindowMinutes(),
        d.maxCatchupTicks(),
        d.assetSelection(),
        d.enabled(),
        d.overlapPolicy(),
        d.rowVersion(),
        st.flatMap(ScheduleStateRow::lastScheduledFor),
        st.flatMap(ScheduleStateRow::lastTickId),
        st.flatMap(ScheduleStateRow::lastRunKey));
  }

  public static TickView tick(ScheduleTickRow t) {
    return switch (t.status()) {
      case TickStatus.Triggered x ->
          new TickView(
              t.tickId(), t.scheduleId(), t.scheduledFor(), t.assetSelection(), "TRIGGERED",
              Optional.empty(), Optional.empty(), t.runKey(), t.runId());
      case TickStatus.Skipped s ->
          new TickView(
              t.tickId(), t.scheduleId(), t.scheduledFor(), t.assetSelection(), "SKIPPED",
              Optional.of(s.reason()), Optional.empty(), t.runKey(), t.runId());
      case TickStatus.Failed f ->
          new TickView(
              t.tickId(), t.scheduleId(), t.scheduledFor(), t.assetSelection(), "FAILED",
              Optional.empty(), Optional.of(f.error()), t.runKey(), t.runId());
    };
  }

  private static final Comparator<ScheduleTickRow> NEWEST_FIRST =
      Comparator.comparing(ScheduleTickRow::scheduledFor)
          .thenComparing(ScheduleTickRow::tickId)
          .reversed();

  /**
   * Ticks of a schedule sorted by scheduled time descending, then tick id descending, optionally
   * filtered by status and resumed strictly after the cursor tuple; at most {@code limit + 1}.
   */
  public static List<TickView> ticks(
      FoldState state,
      String scheduleId,
      Optional<String> status,
      Optional<Instant> afterScheduledFor,
      Optional<String> afterTickId,
      int limit) {
    return ticks(liveTicks(state, scheduleId), List.of(), status, afterScheduledFor, afterTickId, limit);
  }

  /** The ticks of a schedule still in memory (not settled yet): few, whatever the history. */
  public static List<ScheduleTickRow> liveTicks(FoldState state, String scheduleId) {
    List<ScheduleTickRow> rows = new ArrayList<>();
    for (ScheduleTickRow t : state.scheduleTicks().values()) {
      if (t.scheduleId().equals(scheduleId)) {
        rows.add(t);
      }
    }
    return rows;
  }

  /**
   * One page over live ticks (read first) and a page of settled ones from history (read after);
   * a tick that settled in between appears once, as settled.
   */
  public static List<TickView> ticks(
      List<ScheduleTickRow> live,
      List<ScheduleTickRow> settled,
      Optional<String> status,
      Optional<Instant> afterScheduledFor,
      Optional<String> afterTickId,
      int limit) {
    java.util.Map<String, ScheduleTickRow> byId = new java.util.HashMap<>();
    live.forEach(t -> byId.put(t.tickId(), t));
    settled.forEach(t -> byId.put(t.tickId(), t));
    List<ScheduleTickRow> rows = new ArrayList<>(byId.values());
    rows.sort(NEWEST_FIRST);
    List<TickView> out = new ArrayList<>();
    for (ScheduleTickRow t : rows) {
      if (afterScheduledFor.isPresent()) {
        int c = t.scheduledFor().compareTo(afterScheduledFor.get());
        if (c > 0 || (c == 0 && t.tickId().compareTo(afterTickId.orElse("")) >= 0)) {
          continue;
        }
      }
      TickView v = tick(t);
      if (status.isPresent() && !status.get().equals(v.status())) {
        continue;
      }
      out.add(v);
      if (out.size() > limit) {
        break;
      }
    }
    return out;
  }
}
