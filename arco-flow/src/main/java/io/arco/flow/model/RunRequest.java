package io.arco.flow.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A run request produced by a sensor evaluation (flow-model part 1 §4.8). */
public record RunRequest(
    String runKey,
    String requestFingerprint,
    List<String> assetSelection,
    Optional<List<String>> partitionSelection,
    Optional<String> codeVersion) {
  public RunRequest {
    Objects.requireNonNull(runKey, "runKey");
    Objects.requireNonNull(requestFingerprint, "requestFingerprint");
    assetSelection = assetSelection == null ? List.of() : List.copyOf(assetSelection);
    partitionSelection = partitionSelection == null ? Optional.empty() : partitionSelection.map(List::copyOf);
    codeVersion = codeVersion == null ? Optional.empty() : codeVersion;
  }
}
