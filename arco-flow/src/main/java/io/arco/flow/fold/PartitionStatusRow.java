package io.arco.flow.fold;

import io.arco.flow.model.PartitionStatus;
import io.arco.flow.model.TaskOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Latest execution and materialization of one (asset, partition) pair (flow-model part 2 §1.10,
 * part 4 §4). Created at the first dispatch of a task for the pair (decisions §6.5) or, for a
 * task without a planned partition, at its completion with an output {@code deltaPartition}.
 * Completions update it; an older event never overwrites a newer one ({@code rowVersion}).
 *
 * <p>{@code inFlightTasks} holds {@code runId|taskKey} of every task for the pair that is
 * DISPATCHED or RUNNING, sorted. It is kept by the fold on every task transition (dispatch, start,
 * completion including a heartbeat timeout, cancellation) and does not touch {@code rowVersion}:
 * membership depends only on each task's own event order, so any interleaving of runs folds to the
 * same set.
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
    List<String> inFlightTasks,
    String rowVersion) {

  public PartitionStatusRow {
    inFlightTasks = inFlightTasks == null ? List.of() : List.copyOf(inFlightTasks);
  }

  /** A new row: nothing materialized or attempted yet, empty row version. */
  static PartitionStatusRow empty(String assetKey, String partitionKey) {
    return new PartitionStatusRow(
        assetKey,
        partitionKey,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        "");
  }

  /** This row with another in-flight set (sorted by the caller); the row version is kept. */
  PartitionStatusRow withInFlightTasks(List<String> tasks) {
    return new PartitionStatusRow(
        assetKey,
        partitionKey,
        lastMaterializationRunId,
        lastMaterializationAt,
        lastMaterializationCodeVersion,
        lastAttemptRunId,
        lastAttemptAt,
        lastAttemptOutcome,
        staleSince,
        staleReasonCode,
        deltaTable,
        deltaVersion,
        deltaPartition,
        executionLineageRef,
        tasks,
        rowVersion);
  }

  /** The pair's status (decisions §6.5), derived from the row. */
  public PartitionStatus status() {
    if (!inFlightTasks.isEmpty()) {
      return PartitionStatus.IN_PROGRESS;
    }
    if (lastAttemptOutcome.equals(Optional.of(TaskOutcome.FAILED))) {
      return PartitionStatus.FAILED;
    }
    return lastMaterializationAt.isPresent()
        ? PartitionStatus.MATERIALIZED
        : PartitionStatus.MISSING;
  }
}
