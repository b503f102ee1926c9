package io.arco.flow.fold;

import io.arco.flow.model.ChunkState;
import java.util.List;
import java.util.Optional;

/**
 * One planned chunk of a backfill (flow-model part 4 §3.8): its partitions, run key and (once the
 * request is indexed) run id, and a state that follows the run.
 */
public record BackfillChunkRow(
    String chunkId,
    String backfillId,
    int chunkIndex,
    List<String> partitionKeys,
    String runKey,
    Optional<String> runId,
    ChunkState state,
    int retryRound,
    String rowVersion) {
  public BackfillChunkRow {
    partitionKeys = List.copyOf(partitionKeys);
  }

  BackfillChunkRow with(Optional<String> run, ChunkState s, String version) {
    return new BackfillChunkRow(chunkId, backfillId, chunkIndex, partitionKeys, runKey, run, s, retryRound, version);
  }
}
