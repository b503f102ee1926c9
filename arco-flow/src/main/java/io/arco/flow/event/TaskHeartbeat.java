package io.arco.flow.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A worker reported liveness of the current attempt; {@code heartbeatAt} is server time. */
public record TaskHeartbeat(
    String runId,
    String taskKey,
    int attempt,
    String attemptId,
    String workerId,
    Optional<Instant> heartbeatAt,
    Optional<Integer> progressPct,
    Optional<String> message)
    implements Event {
  public TaskHeartbeat {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(workerId, "workerId");
    heartbeatAt = heartbeatAt == null ? Optional.empty() : heartbeatAt;
    progressPct = progressPct == null ? Optional.empty() : progressPct;
    message = message == null ? Optional.empty() : message;
  }

  @Override
  public Optional<String> correlationRunId() {
    return Optional.of(runId);
  }
}
