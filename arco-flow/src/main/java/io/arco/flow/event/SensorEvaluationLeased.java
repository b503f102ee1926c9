package io.arco.flow.event;

import java.util.Objects;

/**
 * A poll sensor's evaluation was leased to a worker (decisions §6.7, an Arco addition): the
 * evaluation of state version {@code stateVersion} at poll epoch {@code pollEpoch}. While the lease
 * is live the sensor is not leased again. Key {@code sensor_lease:{sensorId}:{stateVersion}:{pollEpoch}}.
 */
public record SensorEvaluationLeased(String sensorId, int stateVersion, long pollEpoch, String workerId)
    implements Event {
  public SensorEvaluationLeased {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(workerId, "workerId");
  }
}
