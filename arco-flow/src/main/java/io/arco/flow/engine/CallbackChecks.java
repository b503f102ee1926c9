package io.arco.flow.engine;

import io.arco.flow.error.FlowError.CallbackErrorKind;
import io.arco.flow.error.FlowError.CallbackRejected;
import io.arco.flow.error.FlowException;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskState;
import java.util.Optional;

/**
 * The handler stage of callback validation (flow-model part 2 §6, after the api's router stage):
 * attempt 0, lookup, token claims against the stored attempt, terminal state, then attempt and
 * attempt id of the request. First failing check wins.
 *
 * <p>{@code /completed} for an attempt that already has a terminal result is refused with 409
 * {@code attempt_already_completed}, unless it is exactly the completion that was applied
 * (decisions §7.1): a worker is never told "acknowledged" for a result that was thrown away.
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

  /**
   * What a {@code /completed} that passed every check does: append its completion, or answer a
   * redelivery of the completion already applied to its attempt without appending anything.
   */
  enum Completion {
    APPLY,
    REDELIVERED
  }

  /**
   * Step 3: the token must be scoped to the stored (current) attempt of this task. For {@code
   * /completed} a token of an earlier attempt of the task is also accepted (decisions §7.1), so that
   * a late completion of a finished attempt gets its 409 {@code attempt_already_completed} from
   * {@link #checkCompleted} rather than a 401.
   */
  static void checkClaims(Kind kind, TaskRow t, String pathTaskId, TaskTokenClaims c) {
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
    if (kind == Kind.COMPLETED && isEarlierAttempt(t, c.attempt().get(), c.attemptId().get())) {
      return;
    }
    if (c.attempt().get() != t.attempt()) {
      throw reject(CallbackErrorKind.INVALID_TOKEN, "attempt_mismatch");
    }
    if (!t.attemptId().equals(c.attemptId())) {
      throw reject(CallbackErrorKind.INVALID_TOKEN, "attempt_id_mismatch");
    }
  }

  /** Steps 4–7 of {@code /started} and {@code /heartbeat}. */
  static void checkState(Kind kind, TaskRow t, int attempt, String attemptId) {
    checkNotTerminal(kind, t);
    if (kind == Kind.STARTED && t.state() == TaskState.RETRY_WAIT && attempt == t.attempt()) {
      throw attemptAlreadyCompleted(t, attempt);
    }
    checkCurrentAttempt(t, attempt, attemptId);
  }

  /**
   * Steps 4–7 of {@code /completed}: terminal task (409 {@code task_already_terminal}); then an
   * attempt that already has a terminal result — the attempt the task waits to retry, or an earlier
   * one after the retry was leased — answers 409 {@code attempt_already_completed} with the fields
   * and message of started's step 5, except that exactly the completion applied to it (same
   * attempt, attempt id and outcome) is a redelivery (decisions §7.1); then attempt and attempt id.
   */
  static Completion checkCompleted(TaskRow t, int attempt, String attemptId, TaskOutcome outcome) {
    checkNotTerminal(Kind.COMPLETED, t);
    Optional<TaskOutcome> applied = appliedOutcome(t, attempt);
    if (applied.isPresent()) {
      if (applied.get() == outcome && attemptId.equals(attemptIdOf(t, attempt))) {
        return Completion.REDELIVERED;
      }
      throw attemptAlreadyCompleted(t, attempt);
    }
    checkCurrentAttempt(t, attempt, attemptId);
    return Completion.APPLY;
  }

  /**
   * The outcome already applied to attempt {@code attempt} of a task that is not terminal, if that
   * attempt finished: the attempt a RETRY_WAIT task waits to retry, or any earlier attempt. Only a
   * retryable FAILED leads to RETRY_WAIT and so to a next attempt, hence FAILED.
   */
  private static Optional<TaskOutcome> appliedOutcome(TaskRow t, int attempt) {
    boolean finished =
        (t.state() == TaskState.RETRY_WAIT && attempt == t.attempt())
            || (attempt >= 1 && attempt < t.attempt());
    return finished ? Optional.of(TaskOutcome.FAILED) : Optional.empty();
  }

  /** Whether {@code attempt} and {@code attemptId} name an attempt of {@code t} before its current one. */
  private static boolean isEarlierAttempt(TaskRow t, int attempt, String attemptId) {
    return attempt >= 1 && attempt < t.attempt() && attemptId.equals(attemptIdOf(t, attempt));
  }

  /** The attempt id of attempt {@code attempt} of {@code t}: stored for the current one, derived for the others. */
  private static String attemptIdOf(TaskRow t, int attempt) {
    return attempt == t.attempt()
        ? t.attemptId().orElse("")
        : Ids.attemptId(t.runId(), t.taskKey(), attempt);
  }

  /** Started's step 5 error: the attempt already reported a terminal result. */
  private static FlowException attemptAlreadyCompleted(TaskRow t, int attempt) {
    return new FlowException(
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

  /**
   * The state checks of a live-log chunk: the attempt must still be able to produce output — 409
   * {@code task_already_terminal} for a terminal task, {@code attempt_already_completed} for the
   * attempt a RETRY_WAIT task waits to retry, {@code attempt_mismatch} for another attempt — so
   * that once a reader sees the attempt finished, no chunk of it follows.
   */
  static void checkLiveLog(TaskRow t, int attempt) {
    checkNotTerminal(Kind.LOGS, t);
    if (t.state() == TaskState.RETRY_WAIT && attempt == t.attempt()) {
      throw attemptAlreadyCompleted(t, attempt);
    }
    if (attempt != t.attempt()) {
      throw attemptMismatch(t, attempt);
    }
  }

  /** 409 {@code attempt_mismatch}: the request names an attempt other than the task's current one. */
  static FlowException attemptMismatch(TaskRow t, int attempt) {
    return new FlowException(
        new CallbackRejected(
            CallbackErrorKind.ATTEMPT_MISMATCH,
            "Expected attempt " + t.attempt() + ", received " + attempt,
            Optional.empty(),
            Optional.of(t.attempt()),
            Optional.of(attempt),
            Optional.empty(),
            Optional.empty()));
  }

  /** Step 4: 409 {@code task_already_terminal} (410 {@code task_expired} for a heartbeat). */
  private static void checkNotTerminal(Kind kind, TaskRow t) {
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
  }

  /** Steps 6 and 7: the request names the current attempt and its attempt id. */
  private static void checkCurrentAttempt(TaskRow t, int attempt, String attemptId) {
    if (attempt != t.attempt()) {
      throw attemptMismatch(t, attempt);
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
