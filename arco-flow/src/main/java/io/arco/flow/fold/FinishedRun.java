package io.arco.flow.fold;

import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A run that ended and left memory, with everything the reads and callback checks need of it: its
 * row, its tasks (task-key order), its edges ((upstream, downstream) order), its timers (timer-id
 * order) and the run_key index entry that points to it, plus the state the API shows for it (what
 * the run list's state filter matches). {@code endedAt} is the log sequence number
 * of the event that ended it; the fold's history lookups at position p see only rows with {@code
 * endedAt < p}, which is what makes a replay of any prefix answer like the live fold did.
 *
 * <p>This is the history row of {@code run_history}: written once, in the transaction of the
 * batch whose event ended the run, and never changed afterwards.
 */
public record FinishedRun(
    long endedAt,
    RunRow run,
    io.arco.flow.model.PublicRunState publicState,
    List<TaskRow> tasks,
    List<EdgeRow> edges,
    List<TimerRow> timers,
    Optional<RunKeyRow> runKey) {

  public FinishedRun {
    tasks = List.copyOf(tasks);
    edges = List.copyOf(edges);
    timers = List.copyOf(timers);
  }

  public String runId() {
    return run.runId();
  }

  /** The tasks by task key, as a view. */
  public NavigableMap<String, TaskRow> taskMap() {
    TreeMap<String, TaskRow> m = new TreeMap<>();
    tasks.forEach(t -> m.put(t.taskKey(), t));
    return Collections.unmodifiableNavigableMap(m);
  }
}
