package io.arco.flow.query;

import io.arco.flow.model.StalenessReason;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stale partition, or one stale unpartitioned asset ({@code partitionKey} empty), with its
 * reason, the time it became stale when the rule defines one, and its causes (decisions §6.5,
 * §6.10). Computed from projections, the latest manifest and a given {@code now}.
 */
public record StalenessView(
    String assetKey,
    Optional<String> partitionKey,
    StalenessReason reason,
    Optional<Instant> staleSince,
    List<StalenessCause> causes) {

  public StalenessView {
    Objects.requireNonNull(assetKey, "assetKey");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(staleSince, "staleSince");
    causes = List.copyOf(causes);
  }
}
