package io.arco.flow.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@code POST /runs} request as the engine receives it (api-contract §3.1): root selection as
 * sent, closure flags, the legacy {@code partitions} pairs or the canonical {@code partitionKey},
 * the run key (already {@code body.runKey ?? Idempotency-Key}) and labels. Defaults: empty lists
 * and map, {@code false} flags.
 */
public record TriggerRequest(
    List<String> selection,
    boolean includeUpstream,
    boolean includeDownstream,
    List<PartitionPair> partitions,
    Optional<String> partitionKey,
    Optional<String> runKey,
    Map<String, String> labels) {

  public TriggerRequest {
    selection = List.copyOf(selection);
    partitions = List.copyOf(partitions);
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(runKey, "runKey");
    TreeMap<String, String> sorted = new TreeMap<>(Utf8Order.COMPARATOR);
    sorted.putAll(labels);
    labels = Collections.unmodifiableSortedMap(sorted);
  }

  /** A request for these roots with every other field at its default. */
  public static TriggerRequest of(List<String> selection) {
    return new TriggerRequest(
        selection, false, false, List.of(), Optional.empty(), Optional.empty(), Map.of());
  }
}
