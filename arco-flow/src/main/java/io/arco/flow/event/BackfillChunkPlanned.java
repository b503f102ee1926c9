package io.arco.flow.event;

import java.util.List;
import java.util.Objects;

/**
 * One chunk of a backfill was planned (flow-model part 1 §3.15): its partition keys and run key
 * {@code backfill:{backfill_id}:chunk:{chunk_index}}, followed in the same batch by its {@link
 * RunRequested}. Arco adds {@code retryRound} (0 for the first pass, n for the n-th retry-failed).
 * Key {@code backfill_chunk:{backfill_id}:{chunk_index}}.
 */
public record BackfillChunkPlanned(
    String backfillId,
    String chunkId,
    int chunkIndex,
    List<String> partitionKeys,
    String runKey,
    String requestFingerprint,
    int retryRound)
    implements Event {
  public BackfillChunkPlanned {
    Objects.requireNonNull(backfillId, "backfillId");
    Objects.requireNonNull(chunkId, "chunkId");
    partitionKeys = partitionKeys == null ? List.of() : List.copyOf(partitionKeys);
    Objects.requireNonNull(runKey, "runKey");
    Objects.requireNonNull(requestFingerprint, "requestFingerprint");
  }
}
