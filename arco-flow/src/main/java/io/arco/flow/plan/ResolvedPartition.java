package io.arco.flow.plan;

import io.arco.flow.model.PartitionPair;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of resolving a trigger's partition input (api-contract §6.3–§6.5). {@code key} is the
 * normalised canonical key stored on every planned task; {@code requested} is the key as the
 * request named it before per-dimension normalisation (the parsed {@code partitionKey}, or the
 * all-{@code s:} key built from the legacy pairs); {@code pairs} are the legacy pairs exactly as
 * sent (empty for the {@code partitionKey} form). The last two feed the fingerprint equivalence
 * variants of api-contract §5.2.
 */
public record ResolvedPartition(
    PartitionKey key, PartitionKey requested, List<PartitionPair> pairs) {
  public ResolvedPartition {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(requested, "requested");
    pairs = List.copyOf(pairs);
  }

  /** The canonical string of {@link #key()}. */
  public String canonicalKey() {
    return key.canonical();
  }
}
