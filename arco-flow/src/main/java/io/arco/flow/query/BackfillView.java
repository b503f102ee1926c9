package io.arco.flow.query;

import io.arco.flow.model.PartitionSelector;
import io.arco.flow.model.BackfillState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A backfill as the API shows it (api-contract §10.2, decisions §6.4) with Arco's additions: the
 * partition count, the retry round, the parent, the code version and when it ended.
 */
public record BackfillView(
    String backfillId,
    List<String> assetSelection,
    PartitionSelector partitionSelector,
    int chunkSize,
    int maxConcurrentRuns,
    BackfillState state,
    int stateVersion,
    Instant createdAt,
    ChunkCounts chunkCounts,
    long totalPartitions,
    int retryRound,
    Optional<String> parentBackfillId,
    Optional<String> codeVersion,
    Optional<Instant> endedAt) {
  public BackfillView {
    assetSelection = List.copyOf(assetSelection);
  }

  /** {@code {total, pending, running, succeeded, failed, cancelled}} (decisions §6.4). */
  public record ChunkCounts(
      long total, long pending, int running, int succeeded, int failed, int cancelled) {}
}
