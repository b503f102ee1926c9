package io.arco.flow.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A workspace's run-queue settings (decisions §2.7, §6.6): an optional cap on runs in progress and
 * per-label limits. The defaults ({@link #DEFAULT}) hold nothing back. Label limits are kept in
 * {@link LabelLimit#ORDER}, so two documents that list the same limits in another order are equal.
 */
public record WorkspaceSettings(Optional<Integer> maxConcurrentRuns, List<LabelLimit> labelLimits) {
  /** No cap and no label limits. */
  public static final WorkspaceSettings DEFAULT = new WorkspaceSettings(Optional.empty(), List.of());

  public WorkspaceSettings {
    maxConcurrentRuns = maxConcurrentRuns == null ? Optional.empty() : maxConcurrentRuns;
    List<LabelLimit> sorted = new ArrayList<>(labelLimits == null ? List.of() : labelLimits);
    sorted.sort(LabelLimit.ORDER);
    labelLimits = List.copyOf(sorted);
  }

  /** Whether any limit is set, i.e. whether the run queue can hold a run back at all. */
  public boolean hasLimits() {
    return maxConcurrentRuns.isPresent() || !labelLimits.isEmpty();
  }
}
