package io.arco.flow.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reconciliation plan or apply request (decisions §6.10): the asset selection as sent (it is
 * canonicalised and validated against the latest manifest like a trigger's) and, optionally, the
 * canonical partition keys to keep.
 */
public record ReconciliationRequest(List<String> assetSelection, Optional<List<String>> partitionKeys) {
  public ReconciliationRequest {
    assetSelection = List.copyOf(assetSelection);
    Objects.requireNonNull(partitionKeys, "partitionKeys");
    partitionKeys = partitionKeys.map(List::copyOf);
  }
}
