package io.arco.flow.engine;

import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.RunCancelRequested;
import io.arco.flow.event.TaskDef;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.RerunRequest;
import io.arco.flow.model.RunState;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskState;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.ParentEdge;
import io.arco.flow.plan.ParentRun;
import io.arco.flow.plan.ParentTask;
import io.arco.flow.plan.PlannedRerun;
import io.arco.flow.plan.RerunPlanner;
import io.arco.flow.plan.TriggerPlanner;
import io.arco.flow.plan.ValidatedTrigger;
import io.arco.flow.query.RunListQuery;
import io.arco.flow.query.RunLists;
import io.arco.flow.query.RunPage;
import io.arco.flow.query.RunView;
import io.arco.flow.query.RunViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs (api-contract §3): triggering one, rerunning part of a finished one, cancelling, the
 * run-key fingerprint backfill, and reading runs, live ones from memory and finished ones from the
 * history tables. New runs are emitted by {@link RunTriggers}; run_key decisions are {@link
 * RunKeys}'.
 */
final class RunService {
  private final Workspaces workspaces;

  RunService(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  TriggerResult triggerRun(Scope scope, TriggerRequest request, String principal) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    return workspaces.run(
        scope,
        ctx -> {
          ValidatedTrigger v =
              TriggerPlanner.DEFAULT.validate(
                  request, ws.manifests::latest, ctx.state().dynamicMembers());
          if (v.runKey().isPresent()) {
            Optional<RunKeyRow> existing = ctx.state().runKey(v.runKey().get());
            if (existing.isPresent()) {
              return RunKeys.replayOrConflict(ctx.state(), existing.get(), v, "manual");
            }
          }
          Manifest manifest = TriggerPlanner.manifestFor(v, ws.manifests::latest);
          List<TaskDef> tasks = TriggerPlanner.DEFAULT.plan(v, manifest);
          return RunTriggers.emit(ctx, ws.manifests, v, manifest, tasks, principal);
        });
  }

  RerunResult rerun(Scope scope, String parentRunId, RerunRequest request, String principal) {
    RerunPlanner.validateRequest(request);
    return workspaces.run(
        scope,
        ctx -> {
          FoldState state = ctx.state();
          RunRow parent =
              state.run(parentRunId)
                  .orElseThrow(() -> FlowException.notFound("run not found: " + parentRunId));
          PlannedRerun p = RerunPlanner.plan(request, parentOf(state, parent));
          Optional<RunKeyRow> existing = state.runKey(p.runKey());
          if (existing.isPresent()) {
            RunKeyRow k = existing.get();
            boolean same =
                k.sourceKind().map("rerun"::equals).orElse(true)
                    && k.requestFingerprint().map(p.requestFingerprint()::equals).orElse(true);
            if (!same) {
              throw new FlowException(
                  RunKeys.conflict(
                      state,
                      k,
                      new RunKeys.Requested(
                          Optional.of(p.requestFingerprint()), p.roots(), p.labels())));
            }
            PublicRunState current =
                state.run(k.runId()).map(r -> RunViews.publicState(state, r)).orElse(PublicRunState.PENDING);
            return new RerunResult(
                k.runId(), k.planId(), current, false, k.createdAt(), parentRunId,
                p.mode().kind(), p.rerunReason());
          }
          TriggerResult created =
              RunTriggers.emit(
                  ctx,
                  new RunTriggers.NewRun(
                      p.roots(),
                      Optional.of(p.runKey()),
                      p.labels(),
                      p.codeVersion(),
                      parent.manifestId(),
                      Optional.of(p.requestFingerprint()),
                      "rerun",
                      p.tasks()),
                  principal);
          return new RerunResult(
              created.runId(), created.planId(), created.state(), true, created.createdAt(),
              parentRunId, p.mode().kind(), p.rerunReason());
        });
  }

  /** The parent's plan as the rerun planner sees it: task settings, outcomes and edges. */
  private static ParentRun parentOf(FoldState state, RunRow parent) {
    List<ParentTask> tasks = new ArrayList<>();
    for (TaskRow t : state.tasksOf(parent.runId()).values()) {
      TaskDef def =
          new TaskDef(
              t.taskKey(),
              List.of(),
              t.assetKey(),
              t.partitionKey(),
              t.maxAttempts(),
              t.heartbeatTimeoutSec(),
              t.requiresVisibleOutput(),
              t.retryBackoffSec(),
              t.retryMaxBackoffSec(),
              t.workerQueue().equals(TaskDef.DEFAULT_QUEUE) ? Optional.empty() : Optional.of(t.workerQueue()));
      tasks.add(new ParentTask(def, t.state() == TaskState.SUCCEEDED));
    }
    List<ParentEdge> edges =
        state.edgesOf(parent.runId()).stream()
            .map(e -> new ParentEdge(e.upstreamTaskKey(), e.downstreamTaskKey()))
            .toList();
    return new ParentRun(
        parent.runId(), parent.state() == RunState.FAILED, parent.codeVersion(), tasks, edges);
  }

  RunKeyBackfillResult backfillRunKeyFingerprint(Scope scope, TriggerRequest request) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    return workspaces.read(
        scope,
        state -> {
          ValidatedTrigger v =
              TriggerPlanner.DEFAULT.validateForRunKeyBackfill(
                  request, ws.manifests::latest, state.dynamicMembers());
          String runKey = v.runKey().orElseThrow();
          RunKeyRow row =
              state.runKey(runKey)
                  .orElseThrow(
                      () -> FlowException.notFound("run_key reservation not found: " + runKey));
          String requested = v.requestFingerprint().orElseThrow();
          String stored =
              row.requestFingerprint()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "run_key " + runKey + " was reserved without a fingerprint"));
          if (!stored.equals(requested)) {
            throw FlowException.conflict(
                "run_key '" + runKey + "' already reserved with different fingerprint");
          }
          return new RunKeyBackfillResult(runKey, row.runId(), stored, false, row.createdAt());
        });
  }

  RunView getRun(Scope scope, String runId) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    // A run that ended stays ended, and the recently finished ones are held as the durable rows
    // their batch wrote: answered without waiting for the writer's lock (decisions §3).
    Optional<io.arco.flow.fold.FinishedRun> recent = ws.recentRuns.get(runId);
    if (recent.isPresent()) {
      return RunViews.ofFinished(recent.get());
    }
    Optional<RunView> live = ws.read(s -> RunViews.ofLive(s, runId));
    if (live.isPresent()) {
      return live.get();
    }
    // Finished runs are read from history without the workspace lock (decisions §3).
    return workspaces.store.finishedRun(scope, runId)
        .or(() -> ws.read(s -> s.finishedRun(runId)))
        .map(RunViews::ofFinished)
        .orElseThrow(() -> FlowException.notFound("run not found: " + runId));
  }

  RunPage listRuns(Scope scope, RunListQuery query) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    var live = ws.read(s -> RunLists.live(s, query));
    var window = RunLists.historyQuery(query, live.size());
    return RunLists.merge(live, workspaces.store.finishedRuns(scope, window), query, window.skip());
  }

  CancelResult cancelRun(Scope scope, String runId, Optional<String> reason, String principal) {
    return workspaces.run(
        scope,
        ctx -> {
          RunRow run =
              ctx.state()
                  .run(runId)
                  .orElseThrow(() -> FlowException.notFound("run not found: " + runId));
          if (!run.cancelRequested()) {
            if (run.state().isTerminal()) {
              throw new FlowException(new FlowError.TerminalRun(runId, run.state().name()));
            }
            ctx.emit(new RunCancelRequested(runId, reason, principal));
          }
          RunRow now = ctx.state().run(runId).orElseThrow();
          return new CancelResult(runId, RunViews.publicState(ctx.state(), now), ctx.now());
        });
  }
}
