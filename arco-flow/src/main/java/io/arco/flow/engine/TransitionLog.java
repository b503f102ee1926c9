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
  /** "scope/run" → task key (or "" for the run itself) → last printed "STATE#attempt". */
  private final Map<String, Map<String, String>> last = new HashMap<>();
  private final List<Consumer<String>> runEndListeners = new ArrayList<>();

  public TransitionLog(PrintStream out) {
    this.out = out;
  }

  /** Calls {@code l} with the run's id each time a run reaches a terminal public state. */
  public synchronized void onRunEnd(Consumer<String> l) {
    runEndListeners.add(l);
  }

  private static String taskLine(String runId, TaskRow t, String before) {
    String from = before == null ? "NEW" : before.substring(0, before.indexOf('#'));
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
                      Map<String, String> seen =
                          last.computeIfAbsent(scope + "/" + runId, k -> new HashMap<>());
                      for (TaskRow t : s.tasksOf(runId).values()) {
                        String now = t.state().name() + "#" + t.attempt();
                        String before = seen.put(t.taskKey(), now);
                        if (!now.equals(before)) {
                          lines.add(taskLine(runId, t, before));
                        }
                      }
                      String runState = RunViews.publicState(s, run).name();
                      String before = seen.put("", runState);
                      if (!runState.equals(before)) {
                        lines.add(
                            "run "
                                + runId
                                + ": "
                                + (before == null ? "NEW" : before)
                                + " -> "
                                + runState);
                        if (RunViews.publicState(s, run).isTerminal()) {
                          ended.add(runId);
                          last.remove(scope + "/" + runId);
                        }
                      }
                    });
          }
          return null;
        });
    lines.forEach(out::println);
    out.flush();
    for (String runId : ended) {
      runEndListeners.forEach(l -> l.accept(runId));
    }
  }
}
