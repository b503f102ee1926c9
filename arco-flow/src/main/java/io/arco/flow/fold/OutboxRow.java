package io.arco.flow.fold;

import io.arco.flow.model.DispatchStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * An in-flight dispatch (flow-model part 2 §1.5): created by the lease, deleted once its attempt
 * is consumed (started, finished or superseded).
 */
public record OutboxRow(
    String dispatchId,
    String runId,
    String taskKey,
    int attempt,
    DispatchStatus status,
    String attemptId,
    String workerQueue,
    Optional<String> workerId,
    Instant createdAt,
    String rowVersion) {}
