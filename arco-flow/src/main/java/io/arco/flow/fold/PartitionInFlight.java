package io.arco.flow.fold;

import io.arco.flow.model.TaskState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the in-flight sets of partition status (decisions §6.5) in step with task rows: a task
 * with an asset key and a partition key is in flight while DISPATCHED or RUNNING. Entering that
 * set creates the pair's row if needed (rows are created at the first dispatch); leaving it, by
 * any path (completion, heartbeat timeout, run cancellation, skip), removes the entry.
 */
final class PartitionInFlight {
  private PartitionInFlight() {}

  static void track(FoldState s, TaskRow old, TaskRow now) {
    Optional<String> before = old == null ? Optional.empty() : pairKey(old);
    Optional<String> after = pairKey(now);
    if (before.equals(after)) {
      return;
    }
    String entry = now.runId() + '|' + now.taskKey();
    before.ifPresent(key -> remove(s, key, entry));
    after.ifPresent(key -> add(s, key, now, entry));
  }

  /** The row key of the pair a task keeps in flight, when it does. */
  private static Optional<String> pairKey(TaskRow t) {
    if (t.state() != TaskState.DISPATCHED && t.state() != TaskState.RUNNING) {
      return Optional.empty();
    }
    if (t.assetKey().isEmpty() || t.partitionKey().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(FoldState.partitionKey(t.assetKey().get(), t.partitionKey().get()));
  }

  private static void add(FoldState s, String key, TaskRow t, String entry) {
    PartitionStatusRow row = s.partitionStatus.get(key);
    if (row == null) {
      row = PartitionStatusRow.empty(t.assetKey().orElseThrow(), t.partitionKey().orElseThrow());
    }
    List<String> tasks = new ArrayList<>(row.inFlightTasks());
    int at = Collections.binarySearch(tasks, entry);
    if (at >= 0) {
      s.partitionStatus.put(key, row);
      return;
    }
    tasks.add(-at - 1, entry);
    s.partitionStatus.put(key, row.withInFlightTasks(tasks));
  }

  private static void remove(FoldState s, String key, String entry) {
    PartitionStatusRow row = s.partitionStatus.get(key);
    if (row == null || !row.inFlightTasks().contains(entry)) {
      return;
    }
    List<String> tasks = new ArrayList<>(row.inFlightTasks());
    tasks.remove(entry);
    s.partitionStatus.put(key, row.withInFlightTasks(tasks));
  }
}
