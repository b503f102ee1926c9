package io.arco.flow.fold;

import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.Event;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunCancelRequested;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.ScheduleTicked;
import io.arco.flow.event.SensorEvaluated;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskFinished;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.event.TimerFired;
import io.arco.flow.event.TimerRequested;
import java.util.Optional;

/**
 * What an event is about, whose lifetime its idempotency record shares: run and task events name
 * their run; an automation request belongs to the run its run key resolves to; a tick and a sensor
 * evaluation own their own record. Definitions, leases, backfills, partition sets and settings
 * belong to nothing and stay in memory.
 */
final class EventOwners {
  private EventOwners() {}

  static final String RUN = "run:";
  static final String TICK = "tick:";
  static final String EVAL = "eval:";

  static Optional<String> run(String runId) {
    return Optional.of(RUN + runId);
  }

  /** The owner of an event's idempotency record: {@code run:ID}, {@code tick:ID} or {@code eval:ID}. */
  static Optional<String> of(FoldState s, Event e) {
    return switch (e) {
      case RunTriggered x -> run(x.runId());
      case PlanCreated x -> run(x.runId());
      case RunCancelRequested x -> run(x.runId());
      case TaskStarted x -> run(x.runId());
      case TaskHeartbeat x -> run(x.runId());
      case TaskFinished x -> run(x.runId());
      case TaskCompletionRecorded x -> run(x.runId());
      case DispatchRequested x -> run(x.runId());
      case DispatchEnqueued x ->
          x.runId()
              .or(() -> Optional.ofNullable(s.outbox.get(x.dispatchId())).map(OutboxRow::runId))
              .flatMap(EventOwners::run);
      case TimerRequested x -> x.runId().flatMap(EventOwners::run);
      case TimerFired x -> x.runId().flatMap(EventOwners::run);
      case RunRequested x -> s.runKeyAsOf(x.runKey()).map(RunKeyRow::runId).flatMap(EventOwners::run);
      case ScheduleTicked x -> Optional.of(TICK + x.tickId());
      case SensorEvaluated x -> Optional.of(EVAL + x.evalId());
      default -> Optional.empty();
    };
  }
}
