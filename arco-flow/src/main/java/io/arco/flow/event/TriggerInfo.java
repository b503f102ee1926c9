package io.arco.flow.event;

/** What caused a run (flow-model part 1 §4.1). */
public sealed interface TriggerInfo {
  record Manual(String userId) implements TriggerInfo {}

  record Cron(String scheduleId) implements TriggerInfo {}

  record Sensor(String sensorId, String cursor) implements TriggerInfo {}

  record Materialization(String upstreamMaterializationId) implements TriggerInfo {}

  record Webhook(String webhookId) implements TriggerInfo {}
}
