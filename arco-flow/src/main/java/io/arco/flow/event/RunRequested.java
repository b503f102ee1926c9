package io.arco.flow.event;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An automation request for a run under a run key (flow-model part 1 §3.13). It never carries a
 * run id: the fold derives it from the run key (HMAC with the workspace secret) and indexes the
 * key; the run-request processor then creates the run.
 */
public record RunRequested(
    String runKey,
    String requestFingerprint,
    List<String> assetSelection,
    Optional<List<String>> partitionSelection,
    SourceRef triggerSourceRef,
    Map<String, String> labels,
    Optional<String> codeVersion)
    implements Event {
  public RunRequested {
    Objects.requireNonNull(runKey, "runKey");
    Objects.requireNonNull(requestFingerprint, "requestFingerprint");
    assetSelection = assetSelection == null ? List.of() : List.copyOf(assetSelection);
    partitionSelection = partitionSelection == null ? Optional.empty() : partitionSelection.map(List::copyOf);
    Objects.requireNonNull(triggerSourceRef, "triggerSourceRef");
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    codeVersion = codeVersion == null ? Optional.empty() : codeVersion;
  }
}
