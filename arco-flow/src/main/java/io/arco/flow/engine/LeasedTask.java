package io.arco.flow.engine;

import io.arco.flow.model.Scope;
import java.util.Optional;

/**
 * A task leased to a worker: everything the dispatch envelope needs except the api's own parts
 * (callback URL and task token). {@code executionJson} is the asset's {@code execution} object
 * from the run's manifest, when known.
 */
public record LeasedTask(
    Scope scope,
    String runId,
    String taskKey,
    int attempt,
    String attemptId,
    String dispatchId,
    String workerQueue,
    Optional<String> assetKey,
    Optional<String> partitionKey,
    int heartbeatTimeoutSec,
    Optional<String> manifestId,
    Optional<String> executionJson) {

  public LeasedTask withExecutionJson(Optional<String> json) {
    return new LeasedTask(
        scope,
        runId,
        taskKey,
        attempt,
        attemptId,
        dispatchId,
        workerQueue,
        assetKey,
        partitionKey,
        heartbeatTimeoutSec,
        manifestId,
        json);
  }
}
