package io.arco.flow.fold;

import io.arco.flow.model.PartitionSelector;
import io.arco.flow.model.BackfillState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A backfill (flow-model part 4 §3.8 with §0.3.9): its definition, lifecycle state with the
 * monotonic {@code stateVersion}, chunk counts over every planned chunk and the round being planned.
 */
public record BackfillRow(
    String backfillId,
    String clientRequestId,
    List<String> assetSelection,
    Optional<String> codeVersion,
    PartitionSelector partitionSelector,
    long totalPartitions,
    int chunkSize,
    int maxConcurrentRuns,
    Optional<String> parentBackfillId,
    Optional<String> manifestId,
    java.util.Map<String, List<String>> dynamicMembers,
    BackfillState state,
    int stateVersion,
    BackfillChunkCounts chunkCounts,
    BackfillRound round,
    Instant createdAt,
    Optional<Instant> endedAt,
    String rowVersion) {
  public BackfillRow {
    assetSelection = List.copyOf(assetSelection);
    java.util.TreeMap<String, List<String>> sets = new java.util.TreeMap<>();
    dynamicMembers.forEach((k, v) -> sets.put(k, List.copyOf(v)));
    dynamicMembers = java.util.Collections.unmodifiableSortedMap(sets);
  }

  /** Chunks the first pass produces: {@code ceil(totalPartitions / chunkSize)}. */
  public long firstPassChunks() {
    return (totalPartitions + chunkSize - 1) / chunkSize;
  }

  /** Chunks the current round produces. */
  public long roundChunks() {
    long size = round.round() == 0 ? totalPartitions : round.partitions().size();
    return (size + chunkSize - 1) / chunkSize;
  }

  /** Every chunk the backfill has planned so far, all rounds. */
  public int plannedChunks() {
    return round.startIndex() + round.planned();
  }

  BackfillRow with(BackfillChunkCounts counts, BackfillRound r, String version) {
    return new BackfillRow(
        backfillId, clientRequestId, assetSelection, codeVersion, partitionSelector, totalPartitions,
        chunkSize, maxConcurrentRuns, parentBackfillId, manifestId, dynamicMembers, state, stateVersion, counts, r,
        createdAt, endedAt, version);
  }

  BackfillRow withState(BackfillState s, int version, BackfillRound r, Optional<Instant> ended, String rv) {
    return new BackfillRow(
        backfillId, clientRequestId, assetSelection, codeVersion, partitionSelector, totalPartitions,
        chunkSize, maxConcurrentRuns, parentBackfillId, manifestId, dynamicMembers, s, version, chunkCounts, r,
        createdAt, ended, rv);
  }
}
