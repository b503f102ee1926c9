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
import java.util.Set;
import java.util.function.Consumer;

/**
 * Prints one line per run and task transition after each durable batch (decisions §5), e.g.
 * {@code run 01J… task raw.events: QUEUED -> RUNNING (attempt 1)}: the listener {@code arco serve}
 * gives the engine. Run states are the public ones.
 */
public final class TransitionLog implements TransitionListener {
  private final PrintStream out;
  /** "scope/run" → task key → the row last printed (rows are immutable: unchanged means same). */
  private final Map<String, Map<String, TaskRow>> lastTask = new HashMap<>();
  /** "scope/run" → the run's public state last printed. */
  private final Map<String, String> lastRun = new HashMap<>();
  private final List<Consumer<String>> runEndListeners = new ArrayList<>();

  public TransitionLog(PrintStream out) {
    this.out = out;
  }

  /** Calls {@code l} with the run's id each time a run reaches a terminal public state. */
  public synchronized void onRunEnd(Consumer<String> l) {
    runEndListeners.add(l);
  }

  private static String taskLine(String runId, TaskRow t, TaskRow before) {
    String from = before == null ? "NEW" : before.state().name();
    StringBuilder line =
        new StringBuilder("run ")
            .append(runId)
            .append(" task ")
            .append(t.taskKey())
            .append(": ")
            .append(from)
            .append(" -> ")
            .append(t.state().name());
    if (t.attempt() > 0) {
      line.append(" (attempt ").append(t.attempt());
      if (t.state() == TaskState.DISPATCHED) {
        t.workerId().ifPresent(w -> line.append(", worker ").append(w));
      }
      line.append(')');
    }
    if (t.state() == TaskState.RETRY_WAIT || t.state() == TaskState.FAILED) {
      t.errorMessage().ifPresent(m -> line.append(": ").append(m));
      t.retryNotBefore().ifPresent(r -> line.append("; retry at ").append(r));
    }
    return line.toString();
  }

  /**
   * Compares each task row of the touched runs with the row printed last, by identity first (an
   * untouched row is the same object), so a batch costs little more than the rows it changed even
   * on a 1,000-task run; the lines are written with one call.
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
    List<String> lines = new ArrayList<>();
    List<String> ended = new ArrayList<>();
    reader.read(
        (FoldState s) -> {
          for (String runId : runs) {
            s.run(runId)
                .ifPresent(
                    run -> {
                      String id = scope + "/" + runId;
                      Map<String, TaskRow> seen = lastTask.computeIfAbsent(id, k -> new HashMap<>());
                      for (TaskRow t : s.tasksOf(runId).values()) {
                        TaskRow before = seen.put(t.taskKey(), t);
                        if (before != t
                            && (before == null
                                || before.state() != t.state()
                                || before.attempt() != t.attempt())) {
                          lines.add(taskLine(runId, t, before));
                        }
                      }
                      io.arco.flow.model.PublicRunState shown = RunViews.publicState(s, run);
                      String runState = shown.name();
                      String before = lastRun.put(id, runState);
                      if (!runState.equals(before)) {
                        lines.add(
                            "run "
                                + runId
                                + ": "
                                + (before == null ? "NEW" : before)
                                + " -> "
                                + runState);
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
    if (!lines.isEmpty()) {
      StringBuilder text = new StringBuilder();
      lines.forEach(l -> text.append(l).append(System.lineSeparator()));
      out.print(text);
      out.flush();
    }
    for (String runId : ended) {
      runEndListeners.forEach(l -> l.accept(runId));
    }
  }
}
