package io.arco.flow.engine;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskState;
import io.arco.flow.query.RunViews;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds every run and task transition after each durable batch (decisions §5) and hands each, in
 * order, to its sinks: the listener {@code arco serve} gives the engine, which prints one line per
 * transition (e.g. {@code run 01J… task raw.events: QUEUED -> RUNNING (attempt 1)}, see {@link
 * Transition#line()}) and counts them for the metrics. Run states are the public ones.
 */
public final class TransitionLog implements TransitionListener {
  private final List<Consumer<Transition>> sinks;
  /**
   * "scope/run" → the task rows last seen, in task-key order (rows are immutable: unchanged means
   * the same object). A run's task keys are fixed by its plan, so a row is found by its position.
   */
  private final Map<String, TaskRow[]> lastTask = new HashMap<>();
  /** "scope/run" → the run's public state last seen. */
  private final Map<String, String> lastRun = new HashMap<>();
  private final List<Consumer<String>> runEndListeners = new ArrayList<>();

  /** Prints each transition's {@linkplain Transition#line() line} on {@code out}. */
  public TransitionLog(PrintStream out) {
    this(
        List.of(
            t -> {
              out.println(t.line());
              out.flush();
            }));
  }

  /** Hands each transition to every sink, in order. */
  public TransitionLog(List<Consumer<Transition>> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  /** Calls {@code l} with the run's id each time a run reaches a terminal public state. */
  public synchronized void onRunEnd(Consumer<String> l) {
    runEndListeners.add(l);
  }

  private static Transition taskTransition(Scope scope, String runId, TaskRow t, TaskRow before) {
    String from = before == null ? "NEW" : before.state().name();
    boolean failing = t.state() == TaskState.RETRY_WAIT || t.state() == TaskState.FAILED;
    return new Transition(
        scope,
        runId,
        Optional.of(t.taskKey()),
        from,
        t.state().name(),
        t.attempt(),
        t.attempt() > 0 && t.state() == TaskState.DISPATCHED ? t.workerId() : Optional.empty(),
        failing ? t.errorMessage() : Optional.empty(),
        failing ? t.retryNotBefore() : Optional.empty());
  }

  /**
   * The rows last seen, one per position of {@code rows}: {@code seen} itself when it lines up
   * with them (same count, same key at each position), else a new array that takes each row seen
   * before by its key (null for a task not seen yet).
   */
  private static TaskRow[] aligned(TaskRow[] seen, java.util.Collection<TaskRow> rows) {
    if (seen != null && seen.length == rows.size()) {
      int i = 0;
      boolean same = true;
      for (TaskRow t : rows) {
        TaskRow s = seen[i++];
        if (s == null || !s.taskKey().equals(t.taskKey())) {
          same = false;
          break;
        }
      }
      if (same) {
        return seen;
      }
    }
    Map<String, TaskRow> byKey = new HashMap<>();
    if (seen != null) {
      for (TaskRow t : seen) {
        if (t != null) {
          byKey.put(t.taskKey(), t);
        }
      }
    }
    TaskRow[] out = new TaskRow[rows.size()];
    int i = 0;
    for (TaskRow t : rows) {
      out[i++] = byKey.get(t.taskKey());
    }
    return out;
  }

  /**
   * Compares each task row of the touched runs with the row seen last at the same position, by
   * identity first (an untouched row is the same object), so a batch costs one pass over a run's
   * rows without hashing, even on a 1,000-task run.
   */
  @Override
  public synchronized void committed(Scope scope, List<EventEnvelope> events, Reader reader) {
    Set<String> runs = new LinkedHashSet<>();
    for (EventEnvelope e : events) {
      e.correlationId().ifPresent(runs::add);
    }
    if (runs.isEmpty()) {
      return;
    }
    List<Transition> found = new ArrayList<>();
    List<String> ended = new ArrayList<>();
    reader.read(
        (FoldState s) -> {
          for (String runId : runs) {
            s.run(runId)
                .ifPresent(
                    run -> {
                      String id = scope + "/" + runId;
                      java.util.Collection<TaskRow> rows = s.tasksOf(runId).values();
                      TaskRow[] seen = aligned(lastTask.get(id), rows);
                      lastTask.put(id, seen);
                      int i = 0;
                      for (TaskRow t : rows) {
                        TaskRow before = seen[i];
                        seen[i++] = t;
                        if (before != t
                            && (before == null
                                || before.state() != t.state()
                                || before.attempt() != t.attempt())) {
                          found.add(taskTransition(scope, runId, t, before));
                        }
                      }
                      io.arco.flow.model.PublicRunState shown = RunViews.publicState(s, run);
                      String runState = shown.name();
                      String before = lastRun.put(id, runState);
                      if (!runState.equals(before)) {
                        found.add(
                            Transition.ofRun(scope, runId, before == null ? "NEW" : before, runState));
                        if (shown.isTerminal()) {
                          ended.add(runId);
                          lastTask.remove(id);
                          lastRun.remove(id);
                        }
                      }
                    });
          }
          return null;
        });
    for (Transition t : found) {
      sinks.forEach(sink -> sink.accept(t));
    }
    for (String runId : ended) {
      runEndListeners.forEach(l -> l.accept(runId));
    }
  }
}
