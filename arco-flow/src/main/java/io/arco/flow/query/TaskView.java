package io.arco.flow.query;

import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.OutputVisibilityState;
import io.arco.flow.model.PublicTaskState;
import io.arco.flow.model.TaskState;
import java.time.Instant;
import java.util.Optional;

/** One task of a run as the API shows it (api-contract §4.2), plus its internal state. */
public record TaskView(
    String taskKey,
    Optional<String> assetKey,
    Optional<String> partitionKey,
    PublicTaskState state,
    TaskState internalState,
    int attempt,
    Optional<Instant> startedAt,
    Optional<Instant> completedAt,
    Optional<String> errorMessage,
    Optional<ErrorCategory> errorCategory,
    Optional<String> executionLineageRef,
    Optional<String> deltaTable,
    Optional<Long> deltaVersion,
    Optional<String> deltaPartition,
    Optional<RetryAttribution> retryAttribution,
    Optional<SkipAttribution> skipAttribution,
    Optional<OutputVisibilityState> outputVisibilityState,
    Optional<Instant> publishedAt,
    Optional<String> publishError) {}
