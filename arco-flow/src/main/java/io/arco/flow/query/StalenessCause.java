package io.arco.flow.query;

import io.arco.flow.model.StalenessReason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What lies behind a staleness reason (decisions §6.10): the upstream (asset, partition) and its
 * materialization time for {@code UPSTREAM_CHANGED}, the upstream that never materialized for
 * {@code UPSTREAM_NEVER_MATERIALIZED}, the current code version and its deploy time for {@code
 * CODE_CHANGED}, the freshness deadline for {@code FRESHNESS_POLICY}.
 */
public record StalenessCause(
    StalenessReason reason,
    Optional<String> assetKey,
    Optional<String> partitionKey,
    Optional<Instant> at,
    Optional<String> codeVersion) {

  public StalenessCause {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(assetKey, "assetKey");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(codeVersion, "codeVersion");
  }
}
