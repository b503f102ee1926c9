package io.arco.flow.event;

import java.util.Optional;

/**
 * One fact in the event log. Every variant is a record; the fold switches over them without a
 * {@code default}, so a new variant does not compile until the fold handles it.
 */
public sealed interface Event
    permits RunTriggered,
        PlanCreated,
        RunCancelRequested,
        TaskStarted,
        TaskHeartbeat,
        TaskFinished,
        TaskCompletionRecorded,
        DispatchRequested,
        DispatchEnqueued,
        TimerRequested,
        TimerFired,
        ScheduleDefinitionUpserted,
        ScheduleTicked,
        RunRequested,
        SensorDefinitionUpserted,
        SensorEvaluated,
        SensorStatusChanged,
        SensorEvaluationLeased,
        BackfillCreated,
        BackfillChunkPlanned,
        BackfillStateChanged,
        PartitionSetMembersChanged,
        WorkspaceSettingsChanged,
        UnknownEvent {

  /** The run this event concerns, used as the envelope's correlation id. */
  default Optional<String> correlationRunId() {
    return Optional.empty();
  }
}
