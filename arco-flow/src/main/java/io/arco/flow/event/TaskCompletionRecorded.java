package io.arco.flow.event;

import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskMetrics;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskOutput;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The single durable completion fact of an attempt (flow-model §0.3.1), written by the completed
 * callback and by the heartbeat-timeout controller.
 */
public record TaskCompletionRecorded(
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
    Optional<String> codeVersion,
    Optional<OutputVisibilityUpdate> outputVisibility,
    Optional<Instant> failedAt)
    implements Event, CompletionFact {
  public TaskCompletionRecorded {
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
    outputVisibility = outputVisibility == null ? Optional.empty() : outputVisibility;
    failedAt = failedAt == null ? Optional.empty() : failedAt;
  }

  @Override
  public Optional<String> correlationRunId() {
    return Optional.of(runId);
  }

  /** This completion with its partition key set (the task's planned partition). */
  public TaskCompletionRecorded withPartition(String partition) {
    return new TaskCompletionRecorded(
        runId,
        taskKey,
        attempt,
        attemptId,
        workerId,
        outcome,
        materializationId,
        errorMessage,
        output,
        error,
        metrics,
        cancelledDuringPhase,
        partialProgressJson,
        assetKey,
        Optional.of(partition),
        codeVersion,
        outputVisibility,
        failedAt);
  }
}
