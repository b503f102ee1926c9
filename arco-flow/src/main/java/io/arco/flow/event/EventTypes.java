package io.arco.flow.event;

import java.util.List;

/**
 * Wire names of event types: the PascalCase {@code event_type} and the snake_case payload {@code
 * type} tag. These strings are data in the log; renaming a Java class must never change them.
 */
public final class EventTypes {
  private EventTypes() {}

  /** One event kind's two wire names and its Java record. */
  public record Names(String eventType, String tag, Class<? extends Event> type) {}

  /** Every known kind, in catalogue order. */
  public static final List<Names> ALL =
      List.of(
          new Names("RunTriggered", "run_triggered", RunTriggered.class),
          new Names("PlanCreated", "plan_created", PlanCreated.class),
          new Names("RunCancelRequested", "run_cancel_requested", RunCancelRequested.class),
          new Names("TaskStarted", "task_started", TaskStarted.class),
          new Names("TaskHeartbeat", "task_heartbeat", TaskHeartbeat.class),
          new Names("TaskFinished", "task_finished", TaskFinished.class),
          new Names(
              "TaskCompletionRecorded", "task_completion_recorded", TaskCompletionRecorded.class),
          new Names("DispatchRequested", "dispatch_requested", DispatchRequested.class),
          new Names("DispatchEnqueued", "dispatch_enqueued", DispatchEnqueued.class),
          new Names("TimerRequested", "timer_requested", TimerRequested.class),
          new Names("TimerFired", "timer_fired", TimerFired.class),
          new Names(
              "ScheduleDefinitionUpserted",
              "schedule_definition_upserted",
              ScheduleDefinitionUpserted.class),
          new Names("ScheduleTicked", "schedule_ticked", ScheduleTicked.class),
          new Names("RunRequested", "run_requested", RunRequested.class),
          new Names(
              "SensorDefinitionUpserted", "sensor_definition_upserted", SensorDefinitionUpserted.class),
          new Names("SensorEvaluated", "sensor_evaluated", SensorEvaluated.class),
          new Names("SensorStatusChanged", "sensor_status_changed", SensorStatusChanged.class),
          new Names("SensorEvaluationLeased", "sensor_evaluation_leased", SensorEvaluationLeased.class),
          new Names("BackfillCreated", "backfill_created", BackfillCreated.class),
          new Names("BackfillChunkPlanned", "backfill_chunk_planned", BackfillChunkPlanned.class),
          new Names("BackfillStateChanged", "backfill_state_changed", BackfillStateChanged.class),
          new Names(
              "PartitionSetMembersChanged",
              "partition_set_members_changed",
              PartitionSetMembersChanged.class),
          new Names(
              "WorkspaceSettingsChanged",
              "workspace_settings_changed",
              WorkspaceSettingsChanged.class));

  /** The PascalCase {@code event_type} of a payload. */
  public static String typeName(Event e) {
    return switch (e) {
      case RunTriggered x -> "RunTriggered";
      case PlanCreated x -> "PlanCreated";
      case RunCancelRequested x -> "RunCancelRequested";
      case TaskStarted x -> "TaskStarted";
      case TaskHeartbeat x -> "TaskHeartbeat";
      case TaskFinished x -> "TaskFinished";
      case TaskCompletionRecorded x -> "TaskCompletionRecorded";
      case DispatchRequested x -> "DispatchRequested";
      case DispatchEnqueued x -> "DispatchEnqueued";
      case TimerRequested x -> "TimerRequested";
      case TimerFired x -> "TimerFired";
      case ScheduleDefinitionUpserted x -> "ScheduleDefinitionUpserted";
      case ScheduleTicked x -> "ScheduleTicked";
      case RunRequested x -> "RunRequested";
      case SensorDefinitionUpserted x -> "SensorDefinitionUpserted";
      case SensorEvaluated x -> "SensorEvaluated";
      case SensorStatusChanged x -> "SensorStatusChanged";
      case SensorEvaluationLeased x -> "SensorEvaluationLeased";
      case BackfillCreated x -> "BackfillCreated";
      case BackfillChunkPlanned x -> "BackfillChunkPlanned";
      case BackfillStateChanged x -> "BackfillStateChanged";
      case PartitionSetMembersChanged x -> "PartitionSetMembersChanged";
      case WorkspaceSettingsChanged x -> "WorkspaceSettingsChanged";
      case UnknownEvent x -> "Unknown";
    };
  }
}
