package io.arco.flow.event;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A run was created (flow-model part 1 §3.1). Arco adds the manifest it was planned from, the
 * request fingerprint and the source kind, which the run_key index folds (flow-model §0.4.2).
 */
public record RunTriggered(
    String runId,
    String planId,
    TriggerInfo trigger,
    List<String> rootAssets,
    Optional<String> runKey,
    Map<String, String> labels,
    Optional<String> codeVersion,
    Optional<String> manifestId,
    Optional<String> requestFingerprint,
    Optional<String> sourceKind)
    implements Event {
  public RunTriggered {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(trigger, "trigger");
    rootAssets = rootAssets == null ? List.of() : List.copyOf(rootAssets);
    runKey = runKey == null ? Optional.empty() : runKey;
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    codeVersion = codeVersion == null ? Optional.empty() : codeVersion;
    manifestId = manifestId == null ? Optional.empty() : manifestId;
    requestFingerprint = requestFingerprint == null ? Optional.empty() : requestFingerprint;
    sourceKind = sourceKind == null ? Optional.empty() : sourceKind;
  }

  @Override
  public Optional<String> correlationRunId() {
    return Optional.of(runId);
  }
}
