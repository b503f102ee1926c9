package io.arco.flow.engine;

import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.OutputVisibilityUpdate;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.plan.RequestLimits;
import java.util.Optional;

/**
 * The worker callbacks as commands (api-contract §12.4–12.6): each factory runs the checks that
 * need no state and throws before anything is queued; the command runs the rest in the contract's
 * order against the live projections, then emits. A single callback route runs one; a batch of
 * reports runs several in one commit.
 */
final class TaskCallbackCommands {
  private TaskCallbackCommands() {}

  /** The command of one report of a batch. */
  static Command<TaskCallbacks.Ack> of(TaskCallbacks.Report report) {
    return switch (report) {
      case TaskCallbacks.Started r -> widen(started(r));
      case TaskCallbacks.Heartbeat r -> widen(heartbeat(r));
      case TaskCallbacks.Completed r -> widen(completed(r));
    };
  }

  private static Command<TaskCallbacks.Ack> widen(Command<? extends TaskCallbacks.Ack> c) {
    return c::execute;
  }

  /** The {@code /started} callback: checks in the contract's order, then {@code TaskStarted}. */
  static Command<TaskCallbacks.StartedAck> started(TaskCallbacks.Started req) {
    CallbackChecks.checkAttemptField(req.attempt());
    RequestLimits.identifier("workerId", req.workerId());
    return ctx -> {
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
    };
  }

  /** The {@code /heartbeat} callback; answers whether the worker should cancel. */
  static Command<TaskCallbacks.HeartbeatAck> heartbeat(TaskCallbacks.Heartbeat req) {
    CallbackChecks.checkAttemptField(req.attempt());
    RequestLimits.identifier("workerId", req.workerId());
    if (req.progressPct().isPresent() && (req.progressPct().get() < 0 || req.progressPct().get() > 100)) {
      throw CallbackChecks.reject(
          FlowError.CallbackErrorKind.INVALID_ARGUMENT,
          "Invalid progressPct: must be between 0 and 100");
    }
    Scope scope = Workspaces.scopeOf(req.claims());
    return ctx -> {
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
          WorkerService.leasedTask(scope, ctx.state(), t));
    };
  }

  /**
   * The {@code /completed} callback: one {@code TaskCompletionRecorded} for the attempt. A late or
   * conflicting completion of an attempt that already has a terminal result is 409 and appends
   * nothing; the applied completion, redelivered, is acknowledged again (decisions §7.1).
   */
  static Command<TaskCallbacks.CompletedAck> completed(TaskCallbacks.Completed req) {
    CallbackChecks.checkAttemptField(req.attempt());
    RequestLimits.identifier("workerId", req.workerId());
    return ctx -> {
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
    };
  }
}
