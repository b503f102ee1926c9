package io.arco.flow.engine;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.TaskChange;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskState;
import io.arco.flow.query.RunViews;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds every run and task transition after each durable batch (decisions §5) and hands each, in
 * order, to its sinks: the listener {@code arco serve} gives the engine, which prints one line per
 * transition (e.g. {@code run 01J… task raw.events: QUEUED -> RUNNING (attempt 1)}, see {@link
 * Transition#line()}) and counts them for the metrics. Run states are the public ones.
 */
public final class TransitionLog implements TransitionListener {
  private final List<Consumer<Transition>> sinks;
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

  private static Transition taskTransition(Scope scope, TaskChange c) {
    TaskRow t = c.after();
    String from = c.before().map(b -> b.state().name()).orElse("NEW");
    boolean failing = t.state() == TaskState.RETRY_WAIT || t.state() == TaskState.FAILED;
    return new Transition(
        scope,
        t.runId(),
        Optional.of(t.taskKey()),
        from,
        t.state().name(),
        t.attempt(),
        t.attempt() > 0 && t.state() == TaskState.DISPATCHED ? t.workerId() : Optional.empty(),
        failing ? t.errorMessage() : Optional.empty(),
        failing ? t.retryNotBefore() : Optional.empty());
  }

  /**
   * For each run the batch touched (its events' runs, in order, then any other run with a changed
   * task): its task changes in task-key order, then its public state when that changed. The task
   * changes come from the fold ({@code taskChanges}), so a batch costs what it changed, not a pass
   * over every row of a 1,000-task run.
   */
  @Override
  public synchronized void committed(
      Scope scope, List<EventEnvelope> events, List<TaskChange> taskChanges, Reader reader) {
    Map<String, List<TaskChange>> byRun = new LinkedHashMap<>();
    for (EventEnvelope e : events) {
      e.correlationId().ifPresent(r -> byRun.computeIfAbsent(r, k -> new ArrayList<>()));
    }
    for (TaskChange c : taskChanges) {
      byRun.computeIfAbsent(c.runId(), k -> new ArrayList<>()).add(c);
    }
    if (byRun.isEmpty()) {
      return;
    }
    List<Transition> found = new ArrayList<>();
    List<String> ended = new ArrayList<>();
    reader.read(
        (FoldState s) -> {
          byRun.forEach(
              (runId, changes) -> {
                for (TaskChange c : changes) {
                  found.add(taskTransition(scope, c));
                }
                s.run(runId)
                    .ifPresent(
                        run -> {
                          String id = scope + "/" + runId;
                          io.arco.flow.model.PublicRunState shown = RunViews.publicState(s, run);
                          String runState = shown.name();
                          String before = lastRun.put(id, runState);
                          if (!runState.equals(before)) {
                            found.add(
                                Transition.ofRun(scope, runId, before == null ? "NEW" : before, runState));
                            if (shown.isTerminal()) {
                              ended.add(runId);
                              lastRun.remove(id);
                            }
                          }
                        });
              });
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
