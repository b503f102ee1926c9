package io.arco.flow.engine;

import io.arco.flow.model.RunRequest;
import io.arco.flow.model.SensorEvalStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer of a manual evaluation (api-contract §9.3): the evaluation id, message id, status and
 * run requests; {@code runIds} maps each request's run key to the run it created or found (absent
 * on a dry run); {@code eventsWritten} counts what this call appended (0 for a redelivery or a dry
 * run); {@code warning} when the sensor is PAUSED or in ERROR.
 */
public record SensorEvaluateResult(
    String evalId,
    String messageId,
    SensorEvalStatus status,
    List<RunRequest> runRequests,
    Map<String, String> runIds,
    int eventsWritten,
    Optional<String> warning,
    boolean deduplicated,
    boolean dryRun) {
  public SensorEvaluateResult {
    runRequests = List.copyOf(runRequests);
    runIds = Map.copyOf(runIds);
  }
}
