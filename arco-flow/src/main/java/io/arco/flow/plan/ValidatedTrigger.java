package io.arco.flow.plan;

import io.arco.flow.model.Utf8Order;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * A trigger request that passed {@link TriggerPlanner#validate}: canonical roots (sorted,
 * distinct), closure flags, the resolved partition (if one was requested), run key, labels
 * (sorted), the primary request fingerprint (present iff a run key is) and the manifest validation
 * already loaded (present when a partition was requested or there is no run key; {@link
 * TriggerPlanner#manifestFor} loads it otherwise, after the engine's run_key check).
 */
public record ValidatedTrigger(
    List<String> roots,
    boolean includeUpstream,
    boolean includeDownstream,
    Optional<ResolvedPartition> partition,
    Optional<String> runKey,
    Map<String, String> labels,
    Optional<String> requestFingerprint,
    Optional<Manifest> manifest) {

  public ValidatedTrigger {
    roots = List.copyOf(roots);
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(runKey, "runKey");
    TreeMap<String, String> sorted = new TreeMap<>(Utf8Order.COMPARATOR);
    sorted.putAll(labels);
    labels = Collections.unmodifiableSortedMap(sorted);
    Objects.requireNonNull(requestFingerprint, "requestFingerprint");
    Objects.requireNonNull(manifest, "manifest");
  }

  /** The resolved canonical partition key stored on every task, if any. */
  public Optional<String> partitionKey() {
    return partition.map(ResolvedPartition::canonicalKey);
  }

  /**
   * Every fingerprint a stored reservation may carry and still count as this request (api-contract
   * §5.2 equivalence variants; see {@link TriggerFingerprint#variants}).
   */
  public SortedSet<String> fingerprintVariants() {
    return TriggerFingerprint.variants(
        roots, includeUpstream, includeDownstream, partition, labels);
  }
}
