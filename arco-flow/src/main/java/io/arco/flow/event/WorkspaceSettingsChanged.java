package io.arco.flow.event;

import io.arco.flow.model.LabelLimit;
import java.util.List;
import java.util.Optional;

/**
 * The workspace's run-queue settings were replaced (decisions §2.7, §6.6; an Arco addition, wire
 * type {@code workspace_settings_changed}): the payload is the whole new document. The fold applies
 * it only when it differs from the current settings. The engine writes label limits in {@link
 * LabelLimit#ORDER} under the key {@code settings:{Idempotency-Key or a fresh ULID}}; the default
 * key ({@link IdempotencyKeys#settings}) hashes the document.
 */
public record WorkspaceSettingsChanged(
    Optional<Integer> maxConcurrentRuns, List<LabelLimit> labelLimits) implements Event {
  public WorkspaceSettingsChanged {
    maxConcurrentRuns = maxConcurrentRuns == null ? Optional.empty() : maxConcurrentRuns;
    labelLimits = labelLimits == null ? List.of() : List.copyOf(labelLimits);
  }
}
