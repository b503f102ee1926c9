package io.arco.flow.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@code POST /runs/{id}/rerun} request as the engine receives it (api-contract §3.4): the mode,
 * the selection as sent (task keys of the parent plan, dotted or slashed; used by {@code subset}
 * only), the closure flags ({@code subset} only), the body's run key ({@code Idempotency-Key} is
 * not used) and the request labels (held sorted in UTF-8 byte order). Defaults: empty selection and
 * labels, {@code false} flags, no run key.
 */
public record RerunRequest(
    RerunMode mode,
    List<String> selection,
    boolean includeUpstream,
    boolean includeDownstream,
    Optional<String> runKey,
    Map<String, String> labels) {

  public RerunRequest {
    Objects.requireNonNull(mode, "mode");
    selection = List.copyOf(selection);
    Objects.requireNonNull(runKey, "runKey");
    TreeMap<String, String> sorted = new TreeMap<>(Utf8Order.COMPARATOR);
    sorted.putAll(labels);
    labels = Collections.unmodifiableSortedMap(sorted);
  }

  /** A {@code fromFailure} request with every other field at its default. */
  public static RerunRequest fromFailure() {
    return new RerunRequest(
        RerunMode.FROM_FAILURE, List.of(), false, false, Optional.empty(), Map.of());
  }

  /** A {@code subset} request of these keys with every other field at its default. */
  public static RerunRequest subset(List<String> selection) {
    return new RerunRequest(RerunMode.SUBSET, selection, false, false, Optional.empty(), Map.of());
  }
}
