package io.arco.flow.fold;

import io.arco.flow.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The task rows of one live run: in task-key order for readers, and found and replaced in constant
 * time by the fold. A barrier DAG satisfies a downstream task once per upstream success (50,000
 * times for a 1,000-task run), so two things keep that cheap:
 *
 * <ul>
 *   <li>a replacement writes through the tree entry the key already has instead of searching the
 *       tree twice;
 *   <li>a satisfied dependency that does not make its task READY only counts; the row takes the
 *       count when it is next read (by the fold, a reader or a snapshot) or when {@link
 *       FoldState#settle()} runs. Such a step changes nothing else in the row (not its state, not
 *       its row version), so a row read at any point is the row the step-by-step fold would hold.
 * </ul>
 *
 * <p>Rows are added and replaced, never removed: a run's rows leave memory together with the run
 * (a tree removal may move another key into an entry, which would break the index). Mutable; owned
 * by {@link FoldState} and changed only by fold handlers. Reading a row with a pending count writes
 * it, so readers that share a state across threads read it only after {@link FoldState#settle()}.
 */
final class RunTasks {
  /** A task's tree entry and the satisfied dependencies its row does not count yet. */
  private static final class Slot {
    final Map.Entry<String, TaskRow> entry;
    int pending;

    Slot(Map.Entry<String, TaskRow> entry) {
      this.entry = entry;
    }
  }

  private final TreeMap<String, TaskRow> byKey = new TreeMap<>();
  private final HashMap<String, Slot> slots = new HashMap<>();
  private final List<Slot> unsettled = new ArrayList<>();
  /** Keys of the tasks whose success waits for their output to be visible, in the order added. */
  private final List<String> visibleOutputKeys = new ArrayList<>();

  /** The row of {@code taskKey} with every satisfied dependency counted, or null. */
  TaskRow get(String taskKey) {
    Slot s = slots.get(taskKey);
    if (s == null) {
      return null;
    }
    settle(s);
    return s.entry.getValue();
  }

  boolean containsKey(String taskKey) {
    return slots.containsKey(taskKey);
  }

  /**
   * Adds or replaces the row of its task key; returns the row it replaced, or null. A replaced row
   * must have been read (so counted) first.
   */
  TaskRow put(TaskRow row) {
    Slot s = slots.get(row.taskKey());
    if (s != null) {
      if (s.pending != 0) {
        throw new IllegalStateException("row of " + row.taskKey() + " replaced before it was read");
      }
      return s.entry.setValue(row);
    }
    byKey.put(row.taskKey(), row);
    if (row.requiresVisibleOutput()) {
      visibleOutputKeys.add(row.taskKey());
    }
    // The tree's own entry (an iterator hands it out), so later replacements write through it.
    slots.put(row.taskKey(), new Slot(byKey.tailMap(row.taskKey(), true).entrySet().iterator().next()));
    return null;
  }

  /**
   * One more satisfied dependency of {@code taskKey}, by the event {@code eventId} at {@code at}.
   * When that makes a BLOCKED task READY, answers its new row (counted, READY at {@code at}, row
   * version {@code eventId}) for the caller to put; otherwise only counts it and answers null.
   *
   * @return the row to put, or null (also for an unknown task)
   */
  TaskRow satisfyOne(String taskKey, Instant at, String eventId) {
    Slot s = slots.get(taskKey);
    if (s == null) {
      return null;
    }
    TaskRow row = s.entry.getValue();
    int satisfied = row.depsSatisfiedCount() + s.pending + 1;
    if (row.state() == TaskState.BLOCKED && satisfied >= row.depsTotal()) {
      s.pending = 0;
      return row.withDependenciesSatisfied(satisfied, at, eventId);
    }
    if (s.pending++ == 0) {
      unsettled.add(s);
    }
    return null;
  }

  /** Whether some row has satisfied dependencies it does not count yet. */
  boolean hasUnsettled() {
    return !unsettled.isEmpty();
  }

  /** Writes every pending count into its row. */
  void settleAll() {
    if (unsettled.isEmpty()) {
      return; // writes nothing: readers of a settled state call this concurrently
    }
    for (Slot s : unsettled) {
      settle(s);
    }
    unsettled.clear();
  }

  private static void settle(Slot s) {
    if (s.pending != 0) {
      TaskRow row = s.entry.getValue();
      s.entry.setValue(row.withSatisfiedCount(row.depsSatisfiedCount() + s.pending));
      s.pending = 0;
    }
  }

  /** The rows in task-key order, every count written; a read-only view. */
  NavigableMap<String, TaskRow> view() {
    settleAll();
    return Collections.unmodifiableNavigableMap(byKey);
  }

  /** The rows in task-key order, every count written; a live view, not to be changed. */
  Collection<TaskRow> values() {
    settleAll();
    return byKey.values();
  }

  /**
   * The rows of the tasks that require visible output (a task's flag is fixed by its plan), every
   * count written: what a run's public state reads besides the run row, without a pass over every
   * row.
   */
  List<TaskRow> requiringVisibleOutput() {
    if (visibleOutputKeys.isEmpty()) {
      return List.of();
    }
    List<TaskRow> out = new ArrayList<>(visibleOutputKeys.size());
    for (String k : visibleOutputKeys) {
      out.add(get(k));
    }
    return out;
  }

  int size() {
    return byKey.size();
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }
}
