package io.arco.flow.query;

import io.arco.flow.model.PartitionStatus;
import io.arco.flow.model.TaskOutcome;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A partition status row as the API shows it (api-contract §11, decisions §6.5): the stored
 * materialization and attempt facts, the derived {@link PartitionStatus}, and the staleness
 * computed at read time ({@code staleness} present iff the partition is stale).
 */
public record PartitionStatusView(
    String assetKey,
    String partitionKey,
    PartitionStatus status,
    Optional<String> lastMaterializationRunId,
    Optional<Instant> lastMaterializationAt,
    Optional<String> lastMaterializationCodeVersion,
    Optional<String> lastAttemptRunId,
    Optional<Instant> lastAttemptAt,
    Optional<TaskOutcome> lastAttemptOutcome,
    Optional<String> deltaTable,
    Optional<Long> deltaVersion,
    Optional<String> deltaPartition,
    Optional<String> executionLineageRef,
    Optional<StalenessView> staleness) {

  public PartitionStatusView {
    Objects.requireNonNull(assetKey, "assetKey");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(staleness, "staleness");
  }

  public boolean stale() {
    return staleness.isPresent();
  }
}
