package io.arco.flow.fold;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The task rows of one live run: in task-key order for readers, and found and replaced in constant
 * time by the fold. A barrier DAG replaces a downstream row once per satisfied edge (50,000 times
 * for a 1,000-task run), so each replacement writes through the tree entry the key already has
 * instead of searching the tree twice.
 *
 * <p>Rows are added and replaced, never removed: a run's rows leave memory together with the run
 * (a tree removal may move another key into an entry, which would break the index). Mutable; owned
 * by {@link FoldState} and changed only by fold handlers.
 */
final class RunTasks {
  private final TreeMap<String, TaskRow> byKey = new TreeMap<>();
  private final HashMap<String, Map.Entry<String, TaskRow>> entries = new HashMap<>();

  /** The row of {@code taskKey}, or null. */
  TaskRow get(String taskKey) {
    Map.Entry<String, TaskRow> e = entries.get(taskKey);
    return e == null ? null : e.getValue();
  }

  boolean containsKey(String taskKey) {
    return entries.containsKey(taskKey);
  }

  /** Adds or replaces the row of its task key; returns the row it replaced, or null. */
  TaskRow put(TaskRow row) {
    Map.Entry<String, TaskRow> e = entries.get(row.taskKey());
    if (e != null) {
      return e.setValue(row);
    }
    byKey.put(row.taskKey(), row);
    // The tree's own entry (an iterator hands it out), so later replacements write through it.
    entries.put(row.taskKey(), byKey.tailMap(row.taskKey(), true).entrySet().iterator().next());
    return null;
  }

  /** The rows in task-key order; a read-only view. */
  NavigableMap<String, TaskRow> view() {
    return Collections.unmodifiableNavigableMap(byKey);
  }

  /** The rows in task-key order; a live view, not to be changed. */
  Collection<TaskRow> values() {
    return byKey.values();
  }

  int size() {
    return byKey.size();
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }
}
