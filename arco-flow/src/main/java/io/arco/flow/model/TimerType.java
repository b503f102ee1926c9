package io.arco.flow.model;

/** Kind of a timer row (flow-model part 2 §1.4). */
public enum TimerType {
  RETRY,
  HEARTBEAT_CHECK,
  CRON,
  SLA_CHECK
}
