package io.arco.flow.fold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The task rows the fold wrote since the engine last drained them, while tracking is on: for each
 * task, the row it had before its first write and the row of its last write. It is what a
 * transition listener reads instead of comparing every row of every touched run after each batch
 * (1,000 rows per batch of a large run). Not part of the projections: snapshots and replays
 * neither see nor need it.
 */
final class TaskChanges {
  /** A task's row before its first write of the batch (null when created) and after its last. */
  private static final class Written {
    final TaskRow first;
    TaskRow last;

    Written(TaskRow first, TaskRow last) {
      this.first = first;
      this.last = last;
    }
  }

  private boolean tracking;
  /** run id → task key → its writes, runs in the order of their first write. */
  private final Map<String, Map<String, Written>> byRun = new LinkedHashMap<>();

  void track() {
    tracking = true;
  }

  /** One write of a task row: {@code before} is the row it replaced, null when it created it. */
  void written(TaskRow before, TaskRow after) {
    if (!tracking) {
      return;
    }
    Map<String, Written> run = byRun.computeIfAbsent(after.runId(), k -> new HashMap<>());
    Written w = run.get(after.taskKey());
    if (w == null) {
      run.put(after.taskKey(), new Written(before, after));
    } else {
      w.last = after;
    }
  }

  /**
   * The tasks whose state or attempt differ between their first and last row (or that were
   * created), by run in the order of the run's first write, by task key within a run; and forgets
   * every write.
   */
  List<TaskChange> drain() {
    if (byRun.isEmpty()) {
      return List.of();
    }
    List<TaskChange> out = new ArrayList<>();
    List<Written> run = new ArrayList<>();
    for (Map<String, Written> tasks : byRun.values()) {
      run.clear();
      for (Written w : tasks.values()) {
        if (w.first == null || w.first.state() != w.last.state() || w.first.attempt() != w.last.attempt()) {
          run.add(w);
        }
      }
      run.sort(Comparator.comparing(w -> w.last.taskKey()));
      for (Written w : run) {
        out.add(new TaskChange(Optional.ofNullable(w.first), w.last));
      }
    }
    byRun.clear();
    return out;
  }
}
