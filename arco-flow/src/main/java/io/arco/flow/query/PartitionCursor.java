package io.arco.flow.query;

import java.util.Objects;

/**
 * A position in (asset key, partition key) order: pages resume strictly after it. An unpartitioned
 * asset's entry in the staleness report has the empty partition key.
 */
public record PartitionCursor(String assetKey, String partitionKey) {
  public PartitionCursor {
    Objects.requireNonNull(assetKey, "assetKey");
    Objects.requireNonNull(partitionKey, "partitionKey");
  }
}
