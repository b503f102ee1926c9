package io.arco.flow.query;

import io.arco.flow.model.PartitionStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * A page request of {@code GET /partitions} (api-contract §11, decisions §6.5): exact asset key
 * filter, stale rows only, a status filter, the (asset key, partition key) of the last row of the
 * previous page, and the page size.
 */
public record PartitionQuery(
    Optional<String> assetKey,
    boolean staleOnly,
    Optional<PartitionStatus> status,
    Optional<PartitionCursor> after,
    int limit) {

  public PartitionQuery {
    Objects.requireNonNull(assetKey, "assetKey");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(after, "after");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
  }
}
