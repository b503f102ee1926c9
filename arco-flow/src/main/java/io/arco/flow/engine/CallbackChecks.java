package io.arco.flow.engine;

import io.arco.flow.error.FlowError.CallbackErrorKind;
import io.arco.flow.error.FlowError.CallbackRejected;
import io.arco.flow.error.FlowException;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskState;
import java.util.Optional;

/**
 * The handler stage of callback validation (flow-model part 2 §6, after the api's router stage):
 * attempt 0, lookup, token claims against the stored attempt, terminal state, then attempt and
 * attempt id of the request. First failing check wins.
 */
final class CallbackChecks {
  private CallbackChecks() {}

  /** Which callback is being checked; they differ in steps 4, 5 and 8. */
  enum Kind {
    STARTED,
    HEARTBEAT,
    COMPLETED,
    LOGS
  }

  static FlowException reject(CallbackErrorKind kind, String message) {
    return new FlowException(CallbackRejected.of(kind, message));
  }

  /** Step 1: attempts are 1-based. */
  static void checkAttemptField(int attempt) {
    if (attempt < 1) {
      throw reject(CallbackErrorKind.INVALID_ARGUMENT, "Invalid attempt: must be >= 1");
    }
  }

  /** Step 2: resolves the path's task id (opaque {@code ct1_} id, or a legacy bare task key). */
  static TaskRow lookup(FoldState state, String pathTaskId, TaskTokenClaims claims) {
    Optional<Ids.CallbackTaskId> parsed = Ids.parseCallbackTaskId(pathTaskId);
    Optional<TaskRow> row;
    if (parsed.isPresent()) {
      if (claims.runId().isPresent() && !claims.runId().get().equals(parsed.get().runId())) {
        row = Optional.empty();
      } else {
        row = state.task(parsed.get().runId(), parsed.get().taskKey());
      }
    } else if (claims.runId().isPresent()) {
      row = state.task(claims.runId().get(), pathTaskId);
    } else {
      row = Optional.empty();
    }
    return row.orElseThrow(
        () -> reject(CallbackErrorKind.TASK_NOT_FOUND, "Task not found: " + pathTaskId));
  }

  /** Step 3: the token must be scoped to the stored (current) attempt of this task. */
  static void checkClaims(TaskRow t, String pathTaskId, TaskTokenClaims c) {
    String canonical = Ids.callbackTaskId(t.runId(), t.taskKey());
    if (!c.taskId().equals(canonical) && !c.taskId().equals(pathTaskId)) {
      throw reject(CallbackErrorKind.INVALID_TOKEN, "task_id_mismatch");
    }
    if (c.runId().isEmpty() || c.attempt().isEmpty() || c.attemptId().isEmpty()) {
      throw reject(CallbackErrorKind.INVALID_TOKEN, "missing_scope_claims");
    }
    if (!c.runId().get().equals(t.runId())) {
      throw reject(CallbackErrorKind.INVALID_TOKEN, "run_id_mismatch");
    }
    if (c.attempt().get() != t.attempt()) {
      throw reject(CallbackErrorKind.INVALID_TOKEN, "attempt_mismatch");
    }
    if (!t.attemptId().equals(c.attemptId())) {
      throw reject(CallbackErrorKind.INVALID_TOKEN, "attempt_id_mismatch");
    }
  }

  /** Steps 4–7. */
  static void checkState(Kind kind, TaskRow t, int attempt, String attemptId) {
    if (t.state().isTerminal()) {
      String state = t.state().name();
      if (kind == Kind.HEARTBEAT) {
        throw new FlowException(
            CallbackRejected.withState(
                CallbackErrorKind.TASK_EXPIRED, "Task is no longer active", state));
      }
      throw new FlowException(
          CallbackRejected.withState(
              CallbackErrorKind.TASK_ALREADY_TERMINAL,
              "Task is already in terminal state: " + state,
              state));
    }
    if (kind == Kind.STARTED && t.state() == TaskState.RETRY_WAIT && attempt == t.attempt()) {
      throw new FlowException(
          new CallbackRejected(
              CallbackErrorKind.ATTEMPT_ALREADY_COMPLETED,
              "Attempt "
                  + attempt
                  + " already reported a terminal result; task state is "
                  + t.state().name(),
              Optional.of(t.state().name()),
              Optional.of(attempt),
              Optional.of(attempt),
              Optional.empty(),
              Optional.empty()));
    }
    if (attempt != t.attempt()) {
      throw new FlowException(
          new CallbackRejected(
              CallbackErrorKind.ATTEMPT_MISMATCH,
              "Expected attempt " + t.attempt() + ", received " + attempt,
              Optional.empty(),
              Optional.of(t.attempt()),
              Optional.of(attempt),
              Optional.empty(),
              Optional.empty()));
    }
    String stored = t.attemptId().orElse("");
    if (!stored.equals(attemptId)) {
      throw new FlowException(
          new CallbackRejected(
              CallbackErrorKind.ATTEMPT_ID_MISMATCH,
              "Expected attempt_id " + stored + ", received " + attemptId,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(stored),
              Optional.of(attemptId)));
    }
  }
}
