package io.arco.flow.query;

import java.util.Objects;
import java.util.Optional;

/**
 * One run a reconciliation would trigger (decisions §6.10): the stale asset (its selection is the
 * asset alone), its partition when partitioned, why it is stale and its deterministic run key.
 */
public record ReconciliationRun(
    String assetKey, Optional<String> partitionKey, StalenessView staleness, String runKey) {
  public ReconciliationRun {
    Objects.requireNonNull(assetKey, "assetKey");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(staleness, "staleness");
    Objects.requireNonNull(runKey, "runKey");
  }
}
