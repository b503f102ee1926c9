package io.arco.flow.fold;

import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.PartitionSetMembersChanged;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunCancelRequested;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.ScheduleDefinitionUpserted;
import io.arco.flow.event.ScheduleTicked;
import io.arco.flow.event.BackfillChunkPlanned;
import io.arco.flow.event.BackfillCreated;
import io.arco.flow.event.BackfillStateChanged;
import io.arco.flow.event.SensorDefinitionUpserted;
import io.arco.flow.event.SensorEvaluated;
import io.arco.flow.event.SensorEvaluationLeased;
import io.arco.flow.event.SensorStatusChanged;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskFinished;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.event.TimerFired;
import io.arco.flow.event.TimerRequested;
import io.arco.flow.event.UnknownEvent;
import io.arco.flow.event.WorkspaceSettingsChanged;
import java.util.Optional;

/**
 * The fold: applies one event to a {@link FoldState}. Pure and total: it reads time only from the
 * envelope, never throws for stale, duplicate or out-of-order events (they are no-ops), and changes
 * nothing unless it reports the event as applied.
 *
 * <p>First step is the global idempotency gate (flow-model part 2 §0): an event whose key is
 * already recorded changes nothing. The key is recorded only when the handler applied the event,
 * so a rejected event leaves no trace.
 */
public final class Fold {
  private Fold() {}

  /**
   * Applies {@code e} to {@code state}.
   *
   * @return true when the event changed the state (and its key is now recorded)
   */
  public static boolean apply(FoldState state, EventEnvelope e) {
    if (state.idempotencyKeys.containsKey(e.idempotencyKey())) {
      return false;
    }
    Optional<String> owner = EventOwners.of(state, e.data());
    boolean ownerGone = owner.isPresent() && !state.holdsOwner(owner.get());
    if (ownerGone && !state.replaying && state.keySeenAsOf(e.idempotencyKey())) {
      // What the event is about is not in memory: it is new, or it ended and its records left with
      // it, so the log's key index answers. Records without an owner never leave memory; a
      // replayed log never repeats a key, so replay skips the lookup.
      state.endedInStep.clear();
      return false;
    }
    FoldStep step = new FoldStep(state, e.eventId(), e.timestamp(), e.scope());
    boolean applied =
        switch (e.data()) {
          case RunTriggered x -> RunHandlers.runTriggered(step, x);
          case PlanCreated x -> RunHandlers.planCreated(step, x);
          case RunCancelRequested x -> RunHandlers.cancelRequested(step, x);
          case TaskStarted x -> TaskHandlers.started(step, x);
          case TaskHeartbeat x -> TaskHandlers.heartbeat(step, x);
          case TaskFinished x -> TaskHandlers.completed(step, x);
          case TaskCompletionRecorded x -> TaskHandlers.completed(step, x);
          case DispatchRequested x -> DispatchHandlers.requested(step, x);
          case DispatchEnqueued x -> DispatchHandlers.enqueued(step, x);
          case TimerRequested x -> TimerHandlers.requested(step, x);
          case TimerFired x -> TimerHandlers.fired(step, x);
          case ScheduleDefinitionUpserted x -> AutomationHandlers.scheduleDefinition(step, x);
          case ScheduleTicked x -> AutomationHandlers.scheduleTicked(step, x);
          case RunRequested x -> AutomationHandlers.runRequested(step, x);
          case SensorDefinitionUpserted x -> SensorHandlers.definition(step, x);
          case SensorEvaluated x -> SensorHandlers.evaluated(step, x);
          case SensorStatusChanged x -> SensorHandlers.statusChanged(step, x);
          case SensorEvaluationLeased x -> SensorHandlers.leased(step, x);
          case BackfillCreated x -> BackfillHandlers.created(step, x);
          case BackfillChunkPlanned x -> BackfillHandlers.chunkPlanned(step, x);
          case BackfillStateChanged x -> BackfillHandlers.stateChanged(step, x);
          case PartitionSetMembersChanged x -> PartitionSetHandlers.membersChanged(step, x);
          case WorkspaceSettingsChanged x -> SettingsHandlers.changed(step, x);
          case UnknownEvent x -> false;
        };
    if (applied) {
      Optional<String> ownerAfter = owner.isPresent() ? owner : EventOwners.of(state, e.data());
      IdempotencyRecord record =
          new IdempotencyRecord(
              e.idempotencyKey(), e.eventId(), e.eventType(), e.timestamp(), ownerAfter);
      state.recordKey(record);
      for (String ended : state.endedInStep) {
        state.evictOwner(ended);
      }
    }
    state.endedInStep.clear();
    return applied;
  }
}
