package io.arco.flow.fold;

import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.Event;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunCancelRequested;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskFinished;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.event.TimerFired;
import io.arco.flow.event.TimerRequested;
import java.util.Optional;

/**
 * The run an event is about, whose lifetime its idempotency record shares: run and task events
 * name it; an automation request belongs to the run its run key resolves to. Events of schedules,
 * sensors, backfills, partition sets and settings belong to no run.
 */
final class EventOwners {
  private EventOwners() {}

  static Optional<String> run(FoldState s, Event e) {
    return switch (e) {
      case RunTriggered x -> Optional.of(x.runId());
      case PlanCreated x -> Optional.of(x.runId());
      case RunCancelRequested x -> Optional.of(x.runId());
      case TaskStarted x -> Optional.of(x.runId());
      case TaskHeartbeat x -> Optional.of(x.runId());
      case TaskFinished x -> Optional.of(x.runId());
      case TaskCompletionRecorded x -> Optional.of(x.runId());
      case DispatchRequested x -> Optional.of(x.runId());
      case DispatchEnqueued x ->
          x.runId().or(() -> Optional.ofNullable(s.outbox.get(x.dispatchId())).map(OutboxRow::runId));
      case TimerRequested x -> x.runId();
      case TimerFired x -> x.runId();
      case RunRequested x -> s.runKeyAsOf(x.runKey()).map(RunKeyRow::runId);
      default -> Optional.empty();
    };
  }
}
