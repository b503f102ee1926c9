package io.arco.flow.event;

import java.util.Objects;
import java.util.Optional;

/**
 * Acknowledgement that a dispatch reached a worker. Arco's payload names the leasing worker instead
 * of the reference's Cloud Tasks id (flow-model §0.2).
 */
public record DispatchEnqueued(
    String dispatchId,
    Optional<String> runId,
    Optional<String> taskKey,
    Optional<Integer> attempt,
    Optional<String> workerId)
    implements Event {
  public DispatchEnqueued {
    Objects.requireNonNull(dispatchId, "dispatchId");
    runId = runId == null ? Optional.empty() : runId;
    taskKey = taskKey == null ? Optional.empty() : taskKey;
    attempt = attempt == null ? Optional.empty() : attempt;
    workerId = workerId == null ? Optional.empty() : workerId;
  }

  @Override
  public Optional<String> correlationRunId() {
    return runId;
  }
}
