package io.arco.flow.engine;

import io.arco.flow.control.ClaimableTasks;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pull-worker protocol (api-contract §12, decisions §2.1, §6.7): leasing run tasks and due
 * poll-sensor evaluations (the dispatch is the lease), and the task callbacks {@code /started},
 * {@code /heartbeat}, {@code /completed} and {@code /logs}, each checked against the stored task in
 * the contract's order by {@link CallbackChecks}.
 */
final class WorkerService {
  private final Workspaces workspaces;
  private final LogService logs;
  private final LiveLogs liveLogs;
  private volatile boolean longPollsStopped;

  WorkerService(Workspaces workspaces, LogService logs, LiveLogs liveLogs) {
    this.workspaces = workspaces;
    this.logs = logs;
    this.liveLogs = liveLogs;
  }

  List<LeasedTask> lease(Scope scope, LeaseRequest request) {
    return leaseWork(scope, request).tasks();
  }

  /**
   * Leases now, or, when nothing is claimable, waits at the workspace's writer (parked) until a
   * batch makes work claimable (leased in that very batch and commit) or {@code waitMs} passes.
   */
  LeaseBatch leaseWork(Scope scope, LeaseRequest request) {
    request.validate();
    WorkspaceEngine ws = workspaces.workspace(scope);
    long deadline =
        System.nanoTime() + (longPollsStopped ? 0 : TimeUnit.MILLISECONDS.toNanos(request.waitMs()));
    LeaseBatch raw =
        Workspaces.join(
            ws.submitWaiting(ctx -> leaseNow(ctx, ws, request), b -> !b.isEmpty(), deadline, LeaseBatch.EMPTY));
    return new LeaseBatch(
        raw.tasks().stream().map(t -> t.withExecutionJson(executionOf(ws, t))).toList(),
        raw.sensorEvaluations());
  }

  void stopLongPolls() {
    longPollsStopped = true;
    workspaces.loaded().values().forEach(WorkspaceEngine::stopWaiting);
  }

  int longPollsWaiting() {
    return workspaces.loaded().values().stream().mapToInt(WorkspaceEngine::waiting).sum();
  }

  private static LeaseBatch leaseNow(CommandContext ctx, WorkspaceEngine ws, LeaseRequest request) {
    List<LeasedSensorEvaluation> sensors =
        request.queues().contains(LeasedSensorEvaluation.QUEUE)
            ? SensorCommands.lease(ctx, ws.manifests, request.workerId(), request.maxTasks())
            : List.of();
    FoldState state = ctx.state();
    List<LeasedTask> out = new ArrayList<>();
    var claimable =
        ClaimableTasks.find(
            state,
            new LinkedHashSet<>(request.queues()),
            ctx.now(),
            request.maxTasks() - sensors.size());
    for (ClaimableTasks.Claimable c : claimable) {
      TaskRow t = c.task();
      int attempt = t.state() == TaskState.RETRY_WAIT ? t.attempt() + 1 : Math.max(t.attempt(), 1);
      String dispatchId = Ids.dispatchId(t.runId(), t.taskKey(), attempt);
      String attemptId = Ids.attemptId(dispatchId);
      boolean applied =
          ctx.emit(
              new DispatchRequested(
                  t.runId(), t.taskKey(), attempt, attemptId, t.workerQueue(), dispatchId));
      if (!applied) {
        continue;
      }
      ctx.emit(
          new DispatchEnqueued(
              dispatchId,
              Optional.of(t.runId()),
              Optional.of(t.taskKey()),
              Optional.of(attempt),
              Optional.of(request.workerId())));
      out.add(leasedTask(ctx.scope(), state, state.task(t.runId(), t.taskKey()).orElseThrow()));
    }
    return new LeaseBatch(out, sensors);
  }

  /** The asset's {@code execution} object from the run's manifest, as JSON text. */
  private static Optional<String> executionOf(WorkspaceEngine ws, LeasedTask t) {
    if (t.manifestId().isEmpty() || t.assetKey().isEmpty()) {
      return Optional.empty();
    }
    return ws.manifests.executionJson(t.manifestId().get(), t.assetKey().get());
  }

  /** A leased task as its worker sees it, without the asset's execution object. */
  static LeasedTask leasedTask(Scope scope, FoldState state, TaskRow t) {
    Optional<RunRow> run = state.run(t.runId());
    return new LeasedTask(
        scope,
        t.runId(),
        t.taskKey(),
        t.attempt(),
        t.attemptId().orElse(""),
        Ids.dispatchId(t.runId(), t.taskKey(), t.attempt()),
        t.workerQueue(),
        t.assetKey(),
        t.partitionKey(),
        t.heartbeatTimeoutSec(),
        run.flatMap(RunRow::manifestId),
        Optional.empty());
  }

  TaskCallbacks.StartedAck taskStarted(TaskCallbacks.Started req) {
    return workspaces.run(Workspaces.scopeOf(req.claims()), TaskCallbackCommands.started(req));
  }


  TaskCallbacks.HeartbeatAck taskHeartbeat(TaskCallbacks.Heartbeat req) {
    return workspaces.run(Workspaces.scopeOf(req.claims()), TaskCallbackCommands.heartbeat(req));
  }


  TaskCallbacks.CompletedAck taskCompleted(TaskCallbacks.Completed req) {
    return workspaces.run(Workspaces.scopeOf(req.claims()), TaskCallbackCommands.completed(req));
  }

  /**
   * A batch of reports: each checked and applied as its single callback would be, in order; the
   * reports of one workspace are one batch of its writer, so one durable commit.
   */
  List<TaskCallbacks.ReportAnswer> taskReports(List<TaskCallbacks.Report> reports) {
    TaskCallbacks.checkReportCount(reports.size());
    List<CompletableFuture<TaskCallbacks.Ack>> answers = new ArrayList<>(reports.size());
    Map<Scope, List<Command<TaskCallbacks.Ack>>> commands = new LinkedHashMap<>();
    Map<Scope, List<CompletableFuture<TaskCallbacks.Ack>>> slots = new LinkedHashMap<>();
    for (TaskCallbacks.Report r : reports) {
      CompletableFuture<TaskCallbacks.Ack> slot = new CompletableFuture<>();
      answers.add(slot);
      try {
        Command<TaskCallbacks.Ack> command = TaskCallbackCommands.of(r);
        Scope scope = Workspaces.scopeOf(r.claims());
        commands.computeIfAbsent(scope, k -> new ArrayList<>()).add(command);
        slots.computeIfAbsent(scope, k -> new ArrayList<>()).add(slot);
      } catch (FlowException e) {
        slot.completeExceptionally(e);
      }
    }
    commands.forEach(
        (scope, group) -> {
          List<CompletableFuture<TaskCallbacks.Ack>> submitted = workspaces.workspace(scope).submitAll(group);
          for (int i = 0; i < group.size(); i++) {
            CompletableFuture<TaskCallbacks.Ack> slot = slots.get(scope).get(i);
            submitted.get(i).whenComplete((ack, e) -> {
              if (e == null) {
                slot.complete(ack);
              } else {
                slot.completeExceptionally(e);
              }
            });
          }
        });
    List<TaskCallbacks.ReportAnswer> out = new ArrayList<>(reports.size());
    for (CompletableFuture<TaskCallbacks.Ack> answer : answers) {
      try {
        out.add(new TaskCallbacks.ReportAnswer.Accepted(Workspaces.join(answer)));
      } catch (FlowException e) {
        out.add(new TaskCallbacks.ReportAnswer.Refused(e.error()));
      }
    }
    return out;
  }


  LogUpload taskLogs(TaskCallbacks.Logs req) {
    CallbackChecks.checkAttemptField(req.attempt());
    Scope scope = Workspaces.scopeOf(req.claims());
    TaskRow t =
        workspaces.read(
            scope,
            s -> {
              TaskRow row = CallbackChecks.lookup(s, req.pathTaskId(), req.claims());
              CallbackChecks.checkClaims(CallbackChecks.Kind.LOGS, row, req.pathTaskId(), req.claims());
              return row;
            });
    if (req.attempt() != t.attempt()) {
      throw CallbackChecks.attemptMismatch(t, req.attempt());
    }
    return logs.uploadLogs(scope, t.runId(), t.taskKey(), req.attempt(), req.stdout(), req.stderr());
  }

  /**
   * A chunk of live output: the checks of the log upload (attempt, lookup, token claims), then the
   * attempt must still run ({@link CallbackChecks#checkLiveLog}), then {@link LiveLogs#append}.
   */
  LiveLogAck taskLiveLog(TaskCallbacks.LiveLog req) {
    CallbackChecks.checkAttemptField(req.attempt());
    LiveLogs.checkChunk(req.offset(), req.text());
    Scope scope = Workspaces.scopeOf(req.claims());
    TaskRow t =
        workspaces.read(
            scope,
            s -> {
              TaskRow row = CallbackChecks.lookup(s, req.pathTaskId(), req.claims());
              CallbackChecks.checkClaims(CallbackChecks.Kind.LOGS, row, req.pathTaskId(), req.claims());
              CallbackChecks.checkLiveLog(row, req.attempt());
              return row;
            });
    return liveLogs.append(
        scope, t.runId(), t.taskKey(), req.attempt(), req.stream(), req.offset(), req.text());
  }
}
