package io.arco.flow.event;

import io.arco.flow.model.SensorStatus;
import java.util.Objects;

/**
 * An operator paused or resumed a sensor (flow-model §0.3.11, an Arco addition): status moves
 * between ACTIVE and PAUSED. Key {@code sensor_status:{sensorId}:{status}:{request}}.
 */
public record SensorStatusChanged(String sensorId, SensorStatus status, String changedBy) implements Event {
  public SensorStatusChanged {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(changedBy, "changedBy");
  }
}
