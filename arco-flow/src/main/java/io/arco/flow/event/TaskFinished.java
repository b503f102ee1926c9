package io.arco.flow.event;

import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskMetrics;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskOutput;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Legacy/system completion of the reference (flow-model part 1 §3.4). Arco reads it from a log but
 * never writes it; it shares the {@code finished:} key with {@link TaskCompletionRecorded}.
 */
public record TaskFinished(
    String runId,
    String taskKey,
    int attempt,
    String attemptId,
    String workerId,
    TaskOutcome outcome,
    Optional<String> materializationId,
    Optional<String> errorMessage,
    Optional<TaskOutput> output,
    Optional<TaskError> error,
    Optional<TaskMetrics> metrics,
    Optional<String> cancelledDuringPhase,
    Optional<String> partialProgressJson,
    Optional<String> assetKey,
    Optional<String> partitionKey,
    Optional<String> codeVersion)
    implements Event, CompletionFact {
  public TaskFinished {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(outcome, "outcome");
    materializationId = materializationId == null ? Optional.empty() : materializationId;
    errorMessage = errorMessage == null ? Optional.empty() : errorMessage;
    output = output == null ? Optional.empty() : output;
    error = error == null ? Optional.empty() : error;
    metrics = metrics == null ? Optional.empty() : metrics;
    cancelledDuringPhase = cancelledDuringPhase == null ? Optional.empty() : cancelledDuringPhase;
    partialProgressJson = partialProgressJson == null ? Optional.empty() : partialProgressJson;
    assetKey = assetKey == null ? Optional.empty() : assetKey;
    partitionKey = partitionKey == null ? Optional.empty() : partitionKey;
    codeVersion = codeVersion == null ? Optional.empty() : codeVersion;
  }

  @Override
  public Optional<OutputVisibilityUpdate> outputVisibility() {
    return Optional.empty();
  }

  @Override
  public Optional<Instant> failedAt() {
    return Optional.empty();
  }

  @Override
  public Optional<String> correlationRunId() {
    return Optional.of(runId);
  }
}
