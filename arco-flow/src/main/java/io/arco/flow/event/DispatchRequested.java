package io.arco.flow.event;

import java.util.Objects;
import java.util.Optional;

/**
 * Intent to run attempt {@code attempt} of a task; in pull mode a worker's poll writes it, so the
 * dispatch is the lease (decisions §2.1).
 */
public record DispatchRequested(
    String runId, String taskKey, int attempt, String attemptId, String workerQueue, String dispatchId)
    implements Event {
  public DispatchRequested {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(attemptId, "attemptId");
    workerQueue = workerQueue == null || workerQueue.isEmpty() ? TaskDef.DEFAULT_QUEUE : workerQueue;
    Objects.requireNonNull(dispatchId, "dispatchId");
  }

  @Override
  public Optional<String> correlationRunId() {
    return Optional.of(runId);
  }
}
