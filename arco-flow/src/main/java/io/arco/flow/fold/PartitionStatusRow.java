package io.arco.flow.fold;

import io.arco.flow.model.TaskOutcome;
import java.time.Instant;
import java.util.Optional;

/**
 * Latest execution and materialization of one (asset, partition) pair (flow-model part 2 §1.10,
 * part 4 §4). Updated only by applied completions; an older event never overwrites a newer one.
 */
public record PartitionStatusRow(
    String assetKey,
    String partitionKey,
    Optional<String> lastMaterializationRunId,
    Optional<Instant> lastMaterializationAt,
    Optional<String> lastMaterializationCodeVersion,
    Optional<String> lastAttemptRunId,
    Optional<Instant> lastAttemptAt,
    Optional<TaskOutcome> lastAttemptOutcome,
    Optional<Instant> staleSince,
    Optional<String> staleReasonCode,
    Optional<String> deltaTable,
    Optional<Long> deltaVersion,
    Optional<String> deltaPartition,
    Optional<String> executionLineageRef,
    String rowVersion) {}
