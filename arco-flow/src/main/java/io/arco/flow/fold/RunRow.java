package io.arco.flow.fold;

import io.arco.flow.event.TriggerInfo;
import io.arco.flow.model.RunState;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Projection row of a run (flow-model part 2 §1.1), plus what Arco needs to answer reads. {@code
 * labels} keep their keys sorted, as in {@code RunTriggered}, so every read shows them in the same
 * order.
 */
public record RunRow(
    String runId,
    String planId,
    RunState state,
    Optional<String> runKey,
    Map<String, String> labels,
    Optional<String> codeVersion,
    Optional<String> manifestId,
    TriggerInfo trigger,
    List<String> rootAssets,
    boolean cancelRequested,
    Optional<Instant> cancelRequestedAt,
    int tasksTotal,
    int tasksCompleted,
    int tasksSucceeded,
    int tasksFailed,
    int tasksSkipped,
    int tasksCancelled,
    Instant triggeredAt,
    Optional<Instant> completedAt,
    String rowVersion) {

  public RunRow {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    rootAssets = List.copyOf(rootAssets);
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable copy used by the fold to derive the next row. */
  static final class Builder {
    String runId;
    String planId;
    RunState state;
    Optional<String> runKey;
    Map<String, String> labels;
    Optional<String> codeVersion;
    Optional<String> manifestId;
    TriggerInfo trigger;
    List<String> rootAssets;
    boolean cancelRequested;
    Optional<Instant> cancelRequestedAt;
    int tasksTotal;
    int tasksCompleted;
    int tasksSucceeded;
    int tasksFailed;
    int tasksSkipped;
    int tasksCancelled;
    Instant triggeredAt;
    Optional<Instant> completedAt;
    String rowVersion;

    Builder(RunRow r) {
      runId = r.runId;
      planId = r.planId;
      state = r.state;
      runKey = r.runKey;
      labels = r.labels;
      codeVersion = r.codeVersion;
      manifestId = r.manifestId;
      trigger = r.trigger;
      rootAssets = r.rootAssets;
      cancelRequested = r.cancelRequested;
      cancelRequestedAt = r.cancelRequestedAt;
      tasksTotal = r.tasksTotal;
      tasksCompleted = r.tasksCompleted;
      tasksSucceeded = r.tasksSucceeded;
      tasksFailed = r.tasksFailed;
      tasksSkipped = r.tasksSkipped;
      tasksCancelled = r.tasksCancelled;
      triggeredAt = r.triggeredAt;
      completedAt = r.completedAt;
      rowVersion = r.rowVersion;
    }

    RunRow build() {
      return new RunRow(
          runId,
          planId,
          state,
          runKey,
          labels,
          codeVersion,
          manifestId,
          trigger,
          rootAssets,
          cancelRequested,
          cancelRequestedAt,
          tasksTotal,
          tasksCompleted,
          tasksSucceeded,
          tasksFailed,
          tasksSkipped,
          tasksCancelled,
          triggeredAt,
          completedAt,
          rowVersion);
    }
  }
}
