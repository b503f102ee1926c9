package io.arco.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.control.ClaimableTasks;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.OutputVisibilityUpdate;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.model.TaskState;
import io.arco.flow.plan.RequestLimits;
import java.util.ArrayList;
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
  private volatile boolean longPollsStopped;
  private final java.util.concurrent.atomic.AtomicInteger longPollsWaiting =
      new java.util.concurrent.atomic.AtomicInteger();

  WorkerService(Workspaces workspaces, LogService logs) {
    this.workspaces = workspaces;
    this.logs = logs;
  }

  List<LeasedTask> lease(Scope scope, LeaseRequest request) {
    return leaseWork(scope, request).tasks();
  }

  LeaseBatch leaseWork(Scope scope, LeaseRequest request) {
    request.validate();
    WorkspaceEngine ws = workspaces.workspace(scope);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.waitMs());
    while (true) {
      if (workspaces.closed() || longPollsStopped) {
        return new LeaseBatch(List.of(), List.of());
      }
      long seen = ws.commits();
      LeaseBatch raw = Workspaces.join(ws.submit(ctx -> leaseNow(ctx, ws, request)));
      LeaseBatch leased =
          new LeaseBatch(
              raw.tasks().stream().map(t -> t.withExecutionJson(executionOf(ws, t))).toList(),
              raw.sensorEvaluations());
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (!leased.isEmpty() || left <= 0 || workspaces.closed()) {
        return leased;
      }
      longPollsWaiting.incrementAndGet();
      try {
        ws.awaitCommitAfter(seen, Math.min(left, 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new LeaseBatch(List.of(), List.of());
      } finally {
        longPollsWaiting.decrementAndGet();
      }
    }
  }

  void stopLongPolls() {
    longPollsStopped = true;
    workspaces.loaded().values().forEach(WorkspaceEngine::wakeWaiters);
  }

  int longPollsWaiting() {
    return longPollsWaiting.get();
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
    return ws.manifests
        .byId(t.manifestId().get())
        .flatMap(d -> d.manifest().asset(t.assetKey().get()))
        .flatMap(a -> a.opaque().execution())
        .map(JsonNode::toString);
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
    CallbackChecks.checkAttemptField(req.attempt());
    RequestLimits.identifier("workerId", req.workerId());
    return workspaces.run(
        Workspaces.scopeOf(req.claims()),
        ctx -> {
          TaskRow t = CallbackChecks.lookup(ctx.state(), req.pathTaskId(), req.claims());
          CallbackChecks.checkClaims(CallbackChecks.Kind.STARTED, t, req.pathTaskId(), req.claims());
          CallbackChecks.checkState(CallbackChecks.Kind.STARTED, t, req.attempt(), req.attemptId());
          boolean cancel = ctx.state().run(t.runId()).map(RunRow::cancelRequested).orElse(false);
          if (cancel) {
            throw new FlowException(
                FlowError.CallbackRejected.withState(
                    FlowError.CallbackErrorKind.TASK_ALREADY_TERMINAL,
                    "Task is already in terminal state: CANCELLED",
                    "CANCELLED"));
          }
          ctx.emit(
              new TaskStarted(
                  t.runId(), t.taskKey(), t.attempt(), t.attemptId().orElse(""), req.workerId()));
          return new TaskCallbacks.StartedAck(ctx.now());
        });
  }

  TaskCallbacks.HeartbeatAck taskHeartbeat(TaskCallbacks.Heartbeat req) {
    CallbackChecks.checkAttemptField(req.attempt());
    RequestLimits.identifier("workerId", req.workerId());
    if (req.progressPct().isPresent() && (req.progressPct().get() < 0 || req.progressPct().get() > 100)) {
      throw CallbackChecks.reject(
          FlowError.CallbackErrorKind.INVALID_ARGUMENT,
          "Invalid progressPct: must be between 0 and 100");
    }
    Scope scope = Workspaces.scopeOf(req.claims());
    return workspaces.run(
        scope,
        ctx -> {
          TaskRow t = CallbackChecks.lookup(ctx.state(), req.pathTaskId(), req.claims());
          CallbackChecks.checkClaims(CallbackChecks.Kind.HEARTBEAT, t, req.pathTaskId(), req.claims());
          CallbackChecks.checkState(
              CallbackChecks.Kind.HEARTBEAT, t, req.attempt(), req.attemptId());
          ctx.emit(
              new TaskHeartbeat(
                  t.runId(),
                  t.taskKey(),
                  t.attempt(),
                  t.attemptId().orElse(""),
                  req.workerId(),
                  Optional.of(ctx.now()),
                  req.progressPct(),
                  req.message()));
          boolean cancel = ctx.state().run(t.runId()).map(RunRow::cancelRequested).orElse(false);
          return new TaskCallbacks.HeartbeatAck(
              cancel,
              cancel ? Optional.of("user_requested") : Optional.empty(),
              ctx.now(),
              leasedTask(scope, ctx.state(), t));
        });
  }

  TaskCallbacks.CompletedAck taskCompleted(TaskCallbacks.Completed req) {
    CallbackChecks.checkAttemptField(req.attempt());
    RequestLimits.identifier("workerId", req.workerId());
    return workspaces.run(
        Workspaces.scopeOf(req.claims()),
        ctx -> {
          TaskRow t = CallbackChecks.lookup(ctx.state(), req.pathTaskId(), req.claims());
          CallbackChecks.checkClaims(CallbackChecks.Kind.COMPLETED, t, req.pathTaskId(), req.claims());
          if (CallbackChecks.checkCompleted(t, req.attempt(), req.attemptId(), req.outcome())
              == CallbackChecks.Completion.REDELIVERED) {
            return new TaskCallbacks.CompletedAck(req.outcome(), ctx.now());
          }
          Optional<TaskError> error =
              req.error()
                  .map(
                      e ->
                          new TaskError(
                              e.category(),
                              e.message(),
                              e.stackTrace(),
                              Optional.of(e.effectiveRetryable())));
          Optional<OutputVisibilityUpdate> visibility =
              req.outcome() == TaskOutcome.SUCCEEDED
                  ? req.output()
                      .flatMap(
                          o ->
                              o.outputVisibilityState()
                                  .map(
                                      v -> new OutputVisibilityUpdate(v, o.publishedAt(), o.publishError())))
                  : Optional.empty();
          ctx.emit(
              new TaskCompletionRecorded(
                  t.runId(),
                  t.taskKey(),
                  t.attempt(),
                  t.attemptId().orElse(""),
                  req.workerId(),
                  req.outcome(),
                  req.output().flatMap(TaskOutput::materializationId),
                  error.map(TaskError::message),
                  req.output(),
                  error,
                  req.metrics(),
                  req.cancelledDuringPhase(),
                  req.partialProgressJson(),
                  t.assetKey(),
                  t.partitionKey(),
                  ctx.state().run(t.runId()).flatMap(RunRow::codeVersion),
                  visibility,
                  Optional.empty()));
          return new TaskCallbacks.CompletedAck(req.outcome(), ctx.now());
        });
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
      throw new FlowException(
          new FlowError.CallbackRejected(
              FlowError.CallbackErrorKind.ATTEMPT_MISMATCH,
              "Expected attempt " + t.attempt() + ", received " + req.attempt(),
              Optional.empty(),
              Optional.of(t.attempt()),
              Optional.of(req.attempt()),
              Optional.empty(),
              Optional.empty()));
    }
    return logs.uploadLogs(scope, t.runId(), t.taskKey(), req.attempt(), req.stdout(), req.stderr());
  }
}
