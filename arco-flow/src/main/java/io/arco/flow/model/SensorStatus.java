package io.arco.flow.model;

/** Lifecycle of a sensor (flow-model part 4 §2.4, §0.3.11). */
public enum SensorStatus {
  ACTIVE,
  PAUSED,
  ERROR
}
