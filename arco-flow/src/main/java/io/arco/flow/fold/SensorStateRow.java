package io.arco.flow.fold;

import io.arco.flow.model.SensorStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A sensor's durable state (flow-model part 4 §2.5): cursor, last evaluation, lifecycle status and
 * the compare-and-set counter {@code stateVersion} (+1 per accepted evaluation), plus Arco's live
 * poll lease.
 */
public record SensorStateRow(
    String sensorId,
    Optional<String> cursor,
    Optional<Instant> lastEvaluationAt,
    Optional<String> lastEvalId,
    SensorStatus status,
    int stateVersion,
    Optional<SensorLease> lease,
    String rowVersion) {
  static SensorStateRow initial(String sensorId) {
    return new SensorStateRow(
        sensorId, Optional.empty(), Optional.empty(), Optional.empty(), SensorStatus.ACTIVE, 0, Optional.empty(), "");
  }

  SensorStateRow withStatus(SensorStatus s, String version) {
    return new SensorStateRow(sensorId, cursor, lastEvaluationAt, lastEvalId, s, stateVersion, lease, version);
  }

  SensorStateRow withLease(Optional<SensorLease> l, String version) {
    return new SensorStateRow(sensorId, cursor, lastEvaluationAt, lastEvalId, status, stateVersion, l, version);
  }
}
