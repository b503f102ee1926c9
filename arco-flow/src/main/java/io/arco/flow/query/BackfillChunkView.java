package io.arco.flow.query;

import io.arco.flow.model.ChunkState;
import java.util.List;
import java.util.Optional;

/** One chunk (api-contract §10.2) with Arco's retry round. */
public record BackfillChunkView(
    String chunkId,
    String backfillId,
    int chunkIndex,
    List<String> partitionKeys,
    String runKey,
    Optional<String> runId,
    ChunkState state,
    int retryRound) {
  public BackfillChunkView {
    partitionKeys = List.copyOf(partitionKeys);
  }
}
