package io.arco.flow.event;

import java.util.Objects;
import java.util.Optional;

/** A worker started the current attempt of a task. */
public record TaskStarted(
    String runId, String taskKey, int attempt, String attemptId, String workerId)
    implements Event {
  public TaskStarted {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(workerId, "workerId");
  }

  @Override
  public Optional<String> correlationRunId() {
    return Optional.of(runId);
  }
}
