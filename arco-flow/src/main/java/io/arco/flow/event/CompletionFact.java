package io.arco.flow.event;

import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskOutput;
import java.time.Instant;
import java.util.Optional;

/**
 * What the fold reads from a completion, whichever event carries it: the legacy {@link
 * TaskFinished} (read, never written) or {@link TaskCompletionRecorded}. Both share the idempotency
 * key {@code finished:{run}:{task}:{attempt}}.
 */
public sealed interface CompletionFact permits TaskFinished, TaskCompletionRecorded {
  String runId();

  String taskKey();

  int attempt();

  String attemptId();

  String workerId();

  TaskOutcome outcome();

  Optional<String> materializationId();

  Optional<String> errorMessage();

  Optional<TaskOutput> output();

  Optional<TaskError> error();

  Optional<String> assetKey();

  Optional<String> partitionKey();

  Optional<String> codeVersion();

  /** Visibility reported with a success; only {@link TaskCompletionRecorded} carries one. */
  Optional<OutputVisibilityUpdate> outputVisibility();

  /**
   * The instant the failure happened when it differs from the event time: a heartbeat timeout
   * fails at its missed deadline (flow-model §0.4.6). Anchors the retry backoff.
   */
  Optional<Instant> failedAt();

  /** Retryability of a FAILED outcome: the structured error's flag, else retryable. */
  default boolean retryable() {
    return error().map(TaskError::effectiveRetryable).orElse(true);
  }
}
