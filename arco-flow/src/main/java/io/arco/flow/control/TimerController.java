package io.arco.flow.control;

import io.arco.flow.event.Event;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.model.TaskError;
import io.arco.flow.event.TimerFired;
import io.arco.flow.event.TimerRequested;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.fold.TimerRow;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskState;
import io.arco.flow.model.TimerState;
import io.arco.flow.model.TimerType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Retry and heartbeat timers (flow-model §0.4.6, §0.3.3–0.3.4).
 *
 * <ul>
 *   <li>Retry: a RETRY_WAIT task gets one {@code TimerRequested} for its deadline, then {@code
 *       TimerFired} once the deadline has passed; the task is claimable from its deadline on.
 *   <li>Heartbeat: an attempt's deadline is the latest of its claim, start and last heartbeat, plus
 *       the task's timeout and 30 s of grace. Past it, one batch holds {@code TimerFired} and a
 *       FAILED completion with category TIMEOUT (retryable) anchored at the missed deadline; a late
 *       real completion then hits the same idempotency key and changes nothing.
 * </ul>
 */
public final class TimerController implements Controller {
  /** Grace added to every heartbeat timeout (flow-model part 2 §4.3). */
  public static final Duration HEARTBEAT_GRACE = Duration.ofSeconds(30);

  /** Worker id written on completions authored by this controller. */
  public static final String WORKER_ID = "arco-timer-controller";

  @Override
  public List<Event> evaluate(ControllerInput input) {
    FoldState state = input.state();
    Instant now = input.now();
    List<Event> out = new ArrayList<>();
    for (TaskRow t : state.liveTasks()) {
      switch (t.state()) {
        case RETRY_WAIT -> retry(state, t, now, state.liveRun(t.runId()), out);
        case DISPATCHED, RUNNING -> heartbeat(t, now, state.liveRun(t.runId()), out);
        default -> {}
      }
    }
    return out;
  }

  private static void retry(
      FoldState state, TaskRow t, Instant now, Optional<RunRow> run, List<Event> out) {
    if (t.retryNotBefore().isEmpty() || run.map(RunRow::cancelRequested).orElse(false)) {
      return;
    }
    Instant fireAt = t.retryNotBefore().get();
    String timerId = Ids.retryTimerId(t.runId(), t.taskKey(), t.attempt(), fireAt);
    TimerRow timer = state.timers().get(timerId);
    if (timer == null) {
      out.add(
          new TimerRequested(
              timerId,
              TimerType.RETRY,
              Optional.of(t.runId()),
              Optional.of(t.taskKey()),
              Optional.of(t.attempt()),
              fireAt));
    }
    if ((timer == null || timer.state() == TimerState.SCHEDULED) && !fireAt.isAfter(now)) {
      out.add(
          new TimerFired(
              timerId,
              TimerType.RETRY,
              Optional.of(t.runId()),
              Optional.of(t.taskKey()),
              Optional.of(t.attempt())));
    }
  }

  private static void heartbeat(TaskRow t, Instant now, Optional<RunRow> run, List<Event> out) {
    Optional<Instant> reference = lastSignOfLife(t);
    if (reference.isEmpty() || t.attemptId().isEmpty()) {
      return;
    }
    Instant deadline = deadline(t, reference.get());
    if (!now.isAfter(deadline)) {
      return;
    }
    long age = Duration.between(reference.get(), now).toSeconds();
    String message =
        "heartbeat_timeout: "
            + age
            + "s since last heartbeat (timeout: "
            + t.heartbeatTimeoutSec()
            + "s + 30s grace)";
    out.add(
        new TimerFired(
            Ids.heartbeatTimerId(t.runId(), t.taskKey(), t.attempt(), deadline),
            TimerType.HEARTBEAT_CHECK,
            Optional.of(t.runId()),
            Optional.of(t.taskKey()),
            Optional.of(t.attempt())));
    out.add(
        new TaskCompletionRecorded(
            t.runId(),
            t.taskKey(),
            t.attempt(),
            t.attemptId().get(),
            WORKER_ID,
            TaskOutcome.FAILED,
            Optional.empty(),
            Optional.of(message),
            Optional.empty(),
            Optional.of(
                new TaskError(ErrorCategory.TIMEOUT, message, Optional.empty(), Optional.of(true))),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            t.assetKey(),
            t.partitionKey(),
            run.flatMap(RunRow::codeVersion),
            Optional.empty(),
            Optional.of(deadline)));
  }

  /** The latest of claim, start and last heartbeat of the current attempt. */
  public static Optional<Instant> lastSignOfLife(TaskRow t) {
    Instant best = null;
    for (Optional<Instant> candidate : List.of(t.dispatchedAt(), t.startedAt(), t.lastHeartbeatAt())) {
      if (candidate.isPresent() && (best == null || candidate.get().isAfter(best))) {
        best = candidate.get();
      }
    }
    return Optional.ofNullable(best);
  }

  /** Heartbeat deadline of the current attempt given its last sign of life. */
  public static Instant deadline(TaskRow t, Instant lastSignOfLife) {
    return lastSignOfLife.plusSeconds(t.heartbeatTimeoutSec()).plus(HEARTBEAT_GRACE);
  }

  /** True when a task in this state is being worked on and so subject to heartbeat deadlines. */
  static boolean leased(TaskState s) {
    return s == TaskState.DISPATCHED || s == TaskState.RUNNING;
  }
}
