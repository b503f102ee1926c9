package io.arco.flow.query;

import io.arco.flow.model.SensorKind;
import io.arco.flow.model.SensorStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A sensor as the API shows it (api-contract §9's {@code SensorResponse}) with Arco's additions:
 * its manifest definition (kind, assets, interval) when it has one, the last evaluation id, when a
 * poll sensor is next due and the live poll lease.
 */
public record SensorView(
    String sensorId,
    Optional<String> cursor,
    Optional<Instant> lastEvaluationAt,
    Optional<String> lastEvalId,
    SensorStatus status,
    int stateVersion,
    Optional<SensorKind> kind,
    List<String> assetSelection,
    Optional<Integer> minIntervalSeconds,
    Optional<Instant> nextEvaluationAt,
    Optional<Lease> lease) {
  public SensorView {
    assetSelection = List.copyOf(assetSelection);
  }

  /** A live poll lease: the state version it evaluates, its worker and when it was taken. */
  public record Lease(int stateVersion, String workerId, Instant leasedAt) {}
}
