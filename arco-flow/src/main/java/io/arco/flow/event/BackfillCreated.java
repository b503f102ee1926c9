package io.arco.flow.event;

import io.arco.flow.model.PartitionSelector;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A backfill was accepted (flow-model part 1 §3.14): one asset, its compact partition selector
 * (explicit keys already canonical), the partition count, chunk size and concurrency. Arco adds
 * {@code manifestId}, the manifest whose partitioning the selector was resolved against, so every
 * later chunk is enumerated the same way, and {@code dynamicMembers}, the members at creation of
 * the dynamic partition sets the asset's partitioning names (a later membership change does not
 * move the backfill's partitions). Key {@code backfill_create:{client_request_id}}.
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
    Optional<String> manifestId,
    Map<String, List<String>> dynamicMembers)
    implements Event {
  public BackfillCreated {
    Objects.requireNonNull(backfillId, "backfillId");
    Objects.requireNonNull(clientRequestId, "clientRequestId");
    assetSelection = assetSelection == null ? List.of() : List.copyOf(assetSelection);
    codeVersion = codeVersion == null ? Optional.empty() : codeVersion;
    Objects.requireNonNull(partitionSelector, "partitionSelector");
    parentBackfillId = parentBackfillId == null ? Optional.empty() : parentBackfillId;
    manifestId = manifestId == null ? Optional.empty() : manifestId;
    TreeMap<String, List<String>> sets = new TreeMap<>();
    if (dynamicMembers != null) {
      dynamicMembers.forEach((k, v) -> sets.put(k, List.copyOf(v)));
    }
    dynamicMembers = Collections.unmodifiableSortedMap(sets);
  }
}
