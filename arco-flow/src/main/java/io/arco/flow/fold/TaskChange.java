package io.arco.flow.fold;

import java.util.Optional;

/**
 * A task row whose state or attempt changed over a batch: the row before the batch (empty for a
 * task the batch created) and the row after it. A row that changed and changed back within the
 * batch is no change.
 */
public record TaskChange(Optional<TaskRow> before, TaskRow after) {
  public TaskChange {
    java.util.Objects.requireNonNull(before);
    java.util.Objects.requireNonNull(after);
  }

  public String runId() {
    return after.runId();
  }

  public String taskKey() {
    return after.taskKey();
  }
}
