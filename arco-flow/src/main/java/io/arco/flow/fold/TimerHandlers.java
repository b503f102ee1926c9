package io.arco.flow.fold;

import io.arco.flow.event.TimerFired;
import io.arco.flow.event.TimerRequested;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskState;
import io.arco.flow.model.TimerState;
import io.arco.flow.model.TimerType;
import java.util.Optional;

/**
 * Fold steps of timers (flow-model part 2 §2.3): the fold records timers and a RETRY timer fixes
 * its task's retry deadline; it never changes a task because a timer fired — controllers act.
 */
final class TimerHandlers {
  private TimerHandlers() {}

  static boolean requested(FoldStep step, TimerRequested e) {
    FoldState s = step.state();
    TimerRow row = s.timers.get(e.timerId());
    boolean changed;
    if (row == null) {
      s.putTimer(
          new TimerRow(
              e.timerId(),
              e.timerType(),
              e.runId(),
              e.taskKey(),
              e.attempt(),
              e.fireAt(),
              TimerState.SCHEDULED,
              step.eventId()));
      changed = true;
    } else {
      TimerRow next =
          new TimerRow(
              row.timerId(),
              row.timerType(),
              row.runId().or(e::runId),
              row.taskKey().or(e::taskKey),
              row.attempt().or(e::attempt),
              e.fireAt(),
              row.state(),
              row.rowVersion());
      changed = !next.equals(row);
      if (changed) {
        s.putTimer(next);
      }
    }
    if (e.timerType() == TimerType.RETRY
        && e.runId().isPresent()
        && e.taskKey().isPresent()
        && e.attempt().isPresent()) {
      TaskRow t = TaskHandlers.task(step, e.runId().get(), e.taskKey().get());
      if (t != null
          && t.state() == TaskState.RETRY_WAIT
          && t.attempt() == e.attempt().get()
          && !t.retryNotBefore().equals(Optional.of(e.fireAt()))) {
        TaskRow.Builder b = t.toBuilder();
        b.retryNotBefore = Optional.of(e.fireAt());
        b.rowVersion = step.eventId();
        TaskHandlers.put(step, b.build());
        changed = true;
      }
    }
    return changed;
  }

  static boolean fired(FoldStep step, TimerFired e) {
    FoldState s = step.state();
    TimerRow row = s.timers.get(e.timerId());
    if (row != null) {
      if (step.eventId().compareTo(row.rowVersion()) <= 0 || row.state() == TimerState.FIRED) {
        return false;
      }
      s.putTimer(
          new TimerRow(
              row.timerId(),
              row.timerType(),
              row.runId().or(e::runId),
              row.taskKey().or(e::taskKey),
              row.attempt().or(e::attempt),
              row.fireAt(),
              TimerState.FIRED,
              step.eventId()));
      return true;
    }
    Optional<Ids.ParsedTimerId> parsed = Ids.parseTimerId(e.timerId());
    if (parsed.isEmpty()) {
      return false;
    }
    Ids.ParsedTimerId p = parsed.get();
    s.putTimer(
        new TimerRow(
            e.timerId(),
            e.timerType(),
            e.runId().or(p::runId),
            e.taskKey().or(p::taskKey),
            e.attempt().or(p::attempt),
            p.fireAt(),
            TimerState.FIRED,
            step.eventId()));
    return true;
  }
}
