package io.arco.flow.event;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A backfill was accepted (flow-model part 1 §3.14): one asset, its compact partition selector
 * (explicit keys already canonical), the partition count, chunk size and concurrency. Arco adds
 * {@code manifestId}, the manifest whose partitioning the selector was resolved against, so every
 * later chunk is enumerated the same way. Key {@code backfill_create:{client_request_id}}.
 */
public record BackfillCreated(
    String backfillId,
    String clientRequestId,
    List<String> assetSelection,
    Optional<String> codeVersion,
    PartitionSelector partitionSelector,
    long totalPartitions,
    int chunkSize,
    int maxConcurrentRuns,
    Optional<String> parentBackfillId,
    Optional<String> manifestId)
    implements Event {
  public BackfillCreated {
    Objects.requireNonNull(backfillId, "backfillId");
    Objects.requireNonNull(clientRequestId, "clientRequestId");
    assetSelection = assetSelection == null ? List.of() : List.copyOf(assetSelection);
    codeVersion = codeVersion == null ? Optional.empty() : codeVersion;
    Objects.requireNonNull(partitionSelector, "partitionSelector");
    parentBackfillId = parentBackfillId == null ? Optional.empty() : parentBackfillId;
    manifestId = manifestId == null ? Optional.empty() : manifestId;
  }
}
