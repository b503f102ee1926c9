package io.arco.flow.engine;

import io.arco.flow.model.Scope;
import java.util.List;
import java.util.Optional;

/**
 * A poll-sensor evaluation leased to a worker (decisions §6.7): the {@code cs1_} task id, the
 * sensor, the state version the evaluation must be applied to, the poll epoch of the lease (its
 * {@code attemptId} is {@code spoll_{epoch}}), the cursor to resume from, the sensor's assets and
 * its manifest {@code execution} object as JSON text.
 */
public record LeasedSensorEvaluation(
    Scope scope,
    String taskId,
    String sensorId,
    int stateVersion,
    long pollEpoch,
    Optional<String> cursor,
    List<String> assetSelection,
    Optional<String> manifestId,
    Optional<String> executionJson) {
  /** Queue the evaluations are leased on. */
  public static final String QUEUE = "sensors";

  /** The lease's time budget: token floor and how long before an unanswered lease is re-leased. */
  public static final int LEASE_SECONDS = 300;

  public LeasedSensorEvaluation {
    assetSelection = List.copyOf(assetSelection);
  }

  public String attemptId() {
    return attemptIdOf(pollEpoch);
  }

  static String attemptIdOf(long pollEpoch) {
    return "spoll_" + pollEpoch;
  }

  /** The poll epoch of an attempt id {@code spoll_{epoch}}, if it is one. */
  static Optional<Long> pollEpochOf(String attemptId) {
    if (!attemptId.matches("spoll_(0|[1-9][0-9]{0,17})")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(attemptId.substring(6)));
  }
}
