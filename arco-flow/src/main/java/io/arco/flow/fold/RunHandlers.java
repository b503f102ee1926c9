package io.arco.flow.fold;

import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunCancelRequested;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.RunState;
import io.arco.flow.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Fold steps of the run lifecycle: creation, planning, cancellation and run counters. */
final class RunHandlers {
  private RunHandlers() {}

  /** Row 0: the first RunTriggered for a run id wins; also reserves its run_key in the index. */
  static boolean runTriggered(FoldStep step, RunTriggered e) {
    FoldState s = step.state();
    if (s.runs.containsKey(e.runId())) {
      return false;
    }
    RunRow run =
        new RunRow(
            e.runId(),
            e.planId(),
            RunState.TRIGGERED,
            e.runKey(),
            e.labels(),
            e.codeVersion(),
            e.manifestId(),
            e.trigger(),
            e.rootAssets(),
            false,
            Optional.empty(),
            0,
            0,
            0,
            0,
            0,
            0,
            step.at(),
            Optional.empty(),
            step.eventId());
    RunTasks tasks = s.tasks.get(e.runId());
    if (tasks != null && !tasks.isEmpty()) {
      run = recount(run, tasks.values());
    }
    s.runs.put(e.runId(), run);
    BackfillHandlers.runChanged(step, e.runId());
    e.runKey()
        .filter(k -> s.pendingRuns.containsKey(k) && s.pendingRuns.get(k).runId().equals(e.runId()))
        .ifPresent(s.pendingRuns::remove);
    if (run.state().isTerminal()) {
      s.closeRun(e.runId());
    } else {
      s.openRun(e.runId());
    }
    e.runKey()
        .filter(k -> s.runKeyAsOf(k).isEmpty())
        .ifPresent(
            k ->
                s.runKeys.put(
                    k,
                    new RunKeyRow(
                        k,
                        e.runId(),
                        e.planId(),
                        e.requestFingerprint(),
                        e.sourceKind(),
                        e.codeVersion(),
                        step.at(),
                        step.eventId())));
    return true;
  }

  /** A run created after its plan was folded recounts its tasks (flow-model part 2 §5). */
  private static RunRow recount(RunRow run, java.util.Collection<TaskRow> tasks) {
    RunRow.Builder b = run.toBuilder();
    b.tasksTotal = tasks.size();
    Instant latest = null;
    boolean anyOpen = false;
    for (TaskRow t : tasks) {
      switch (t.state()) {
        case SUCCEEDED -> b.tasksSucceeded++;
        case FAILED -> b.tasksFailed++;
        case SKIPPED -> b.tasksSkipped++;
        case CANCELLED -> b.tasksCancelled++;
        default -> anyOpen = true;
      }
      if (t.state().isTerminal()) {
        b.tasksCompleted++;
        if (t.completedAt().isPresent()
            && (latest == null || t.completedAt().get().isAfter(latest))) {
          latest = t.completedAt().get();
        }
      }
    }
    b.state = anyOpen ? RunState.RUNNING : terminalState(b.tasksCancelled, b.tasksFailed);
    b.completedAt = anyOpen ? Optional.empty() : Optional.ofNullable(latest);
    return b.build();
  }

  /** Row 1: creates every task and edge of the plan at once; plans are immutable. */
  static boolean planCreated(FoldStep step, PlanCreated e) {
    FoldState s = step.state();
    RunTasks existing = s.tasks.get(e.runId());
    if (existing != null && !existing.isEmpty()) {
      return false;
    }
    RunTasks tasks = new RunTasks();
    RunEdges.PlanBuilder edges = new RunEdges.PlanBuilder(e.runId(), step.eventId());
    for (TaskDef def : e.tasks()) {
      if (tasks.containsKey(def.key())) {
        continue;
      }
      String[] deps = RunEdges.distinctSorted(def.dependsOn());
      boolean ready = deps.length == 0;
      tasks.put(
          new TaskRow(
              e.runId(),
              def.key(),
              ready ? TaskState.READY : TaskState.BLOCKED,
              0,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              List.of(),
              deps.length,
              0,
              def.maxAttempts(),
              Math.max(def.heartbeatTimeoutSec(), 30),
              def.retryBackoffSec(),
              def.retryMaxBackoffSec(),
              def.queue(),
              Optional.empty(),
              ready ? Optional.of(step.at()) : Optional.empty(),
              def.assetKey(),
              def.partitionKey(),
              def.requiresVisibleOutput(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              step.eventId()));
      for (String upstream : deps) {
        edges.add(upstream, def.key());
      }
    }
    s.putPlannedTasks(e.runId(), tasks);
    RunRow runBefore = s.runs.get(e.runId());
    if (runBefore == null || !runBefore.state().isTerminal()) {
      s.openRun(e.runId());
    }
    if (!edges.isEmpty()) {
      s.edges.put(e.runId(), edges.build());
    }
    RunRow run = s.runs.get(e.runId());
    if (run != null) {
      RunRow.Builder b = run.toBuilder();
      b.tasksTotal = tasks.size();
      b.rowVersion = step.eventId();
      if (tasks.isEmpty()) {
        // flow-model §0.3.7: an empty plan ends its run at once.
        b.state = RunState.SUCCEEDED;
        b.completedAt = Optional.of(step.at());
        s.closeRun(run.runId());
      } else if (!run.state().isTerminal()) {
        b.state = RunState.RUNNING;
      }
      s.runs.put(run.runId(), b.build());
      BackfillHandlers.runChanged(step, run.runId());
    }
    return true;
  }

  /**
   * Row 10: marks the run cancel-requested and cancels every non-terminal task except RUNNING ones,
   * which end cooperatively (flow-model §0.3.5). Cancel does not walk edges.
   */
  static boolean cancelRequested(FoldStep step, RunCancelRequested e) {
    FoldState s = step.state();
    RunRow run = s.runs.get(e.runId());
    RunTasks tasks = s.tasks.get(e.runId());
    if (run == null && (tasks == null || tasks.isEmpty())) {
      return false;
    }
    if (run != null && (run.state().isTerminal() || run.cancelRequested())) {
      return false;
    }
    if (run != null) {
      RunRow.Builder b = run.toBuilder();
      b.cancelRequested = true;
      b.cancelRequestedAt = Optional.of(step.at());
      b.rowVersion = step.eventId();
      s.runs.put(run.runId(), b.build());
    }
    if (tasks != null) {
      for (TaskRow t : List.copyOf(tasks.values())) {
        if (!t.state().isTerminal() && t.state() != TaskState.RUNNING) {
          TaskRow.Builder b = t.toBuilder();
          b.state = TaskState.CANCELLED;
          b.retryNotBefore = Optional.empty();
          b.rowVersion = step.eventId();
          s.putTask(b.build());
          DispatchHandlers.dropOutboxOf(s, t);
          taskEnteredTerminal(step, e.runId(), TaskState.CANCELLED);
        }
      }
    }
    return true;
  }

  /**
   * Counts a task entering a terminal state and completes the run when every task is terminal:
   * CANCELLED if any was cancelled, else FAILED if any failed, else SUCCEEDED.
   */
  static void taskEnteredTerminal(FoldStep step, String runId, TaskState terminal) {
    FoldState s = step.state();
    RunRow run = s.runs.get(runId);
    if (run == null) {
      return;
    }
    RunRow.Builder b = run.toBuilder();
    b.tasksCompleted++;
    switch (terminal) {
      case SUCCEEDED -> b.tasksSucceeded++;
      case FAILED -> b.tasksFailed++;
      case SKIPPED -> b.tasksSkipped++;
      case CANCELLED -> b.tasksCancelled++;
      default -> throw new IllegalArgumentException("not terminal: " + terminal);
    }
    b.rowVersion = step.eventId();
    if (b.tasksCompleted >= b.tasksTotal && !run.state().isTerminal()) {
      b.state = terminalState(b.tasksCancelled, b.tasksFailed);
      b.completedAt = Optional.of(step.at());
      s.closeRun(runId);
    }
    s.runs.put(runId, b.build());
    BackfillHandlers.runChanged(step, runId);
  }

  static RunState terminalState(int cancelled, int failed) {
    if (cancelled > 0) {
      return RunState.CANCELLED;
    }
    return failed > 0 ? RunState.FAILED : RunState.SUCCEEDED;
  }
}
