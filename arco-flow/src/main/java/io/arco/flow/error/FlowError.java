package io.arco.flow.error;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every expected failure a flow command can answer with. Messages are the contract's exact texts.
 * A command that fails with a {@code FlowError} has written nothing.
 */
public sealed interface FlowError {
  String message();

  /** The request is invalid (bad value, unknown reference, limit exceeded). */
  record InvalidRequest(String message) implements FlowError {
    public InvalidRequest {
      Objects.requireNonNull(message);
    }
  }

  /** A field of the request is missing or has the wrong type. */
  record InvalidField(String field, String reason) implements FlowError {
    @Override
    public String message() {
      return "invalid field '" + field + "': " + reason;
    }
  }

  /** A referenced thing does not exist. */
  record NotFound(String message) implements FlowError {}

  /** The request conflicts with the current state (generic 409). */
  record Conflict(String message) implements FlowError {}

  /** A run is already in a terminal state (cancel of a finished run). */
  record TerminalRun(String runId, String state) implements FlowError {
    @Override
    public String message() {
      return "run " + runId + " is already in terminal state " + state;
    }
  }

  /** A run_key is already reserved with a different request fingerprint (api-contract §5.4). */
  record RunKeyConflict(
      String runKey,
      String existingRunId,
      String existingPlanId,
      Instant existingCreatedAt,
      Optional<String> existingFingerprint,
      Optional<String> requestedFingerprint,
      Map<String, Object> extraDetails)
      implements FlowError {
    @Override
    public String message() {
      return "run_key '" + runKey + "' already reserved with different trigger payload";
    }
  }

  /**
   * The event store cannot write (disk full, read-only, lost connection; decisions §7.8). Nothing
   * of the command was written; it may be retried once the store writes again.
   */
  record StoreUnavailable(String reason) implements FlowError {
    @Override
    public String message() {
      return "event store cannot write: " + reason;
    }
  }

  /**
   * This node does not write the workspace and could not hand the command to the node that does
   * (several serving nodes, decisions §7.11): the lease moved while the command waited, or no
   * writer is reachable. Nothing was written; the command may be retried.
   */
  record WriterUnavailable(String reason) implements FlowError {
    @Override
    public String message() {
      return "no writer for this workspace: " + reason;
    }
  }

  /** A worker callback was refused (api-contract §12.3); rendered with the callback envelope. */
  record CallbackRejected(
      CallbackErrorKind kind,
      String message,
      Optional<String> state,
      Optional<Integer> expectedAttempt,
      Optional<Integer> receivedAttempt,
      Optional<String> expectedAttemptId,
      Optional<String> receivedAttemptId)
      implements FlowError {
    public static CallbackRejected of(CallbackErrorKind kind, String message) {
      return new CallbackRejected(
          kind,
          message,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }

    public static CallbackRejected withState(
        CallbackErrorKind kind, String message, String state) {
      return new CallbackRejected(
          kind,
          message,
          Optional.of(state),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }

  /** Wire names of callback errors ({@code error} field of the callback envelope). */
  enum CallbackErrorKind {
    INVALID_ARGUMENT("invalid_argument"),
    TASK_ID_AMBIGUOUS("task_id_ambiguous"),
    INVALID_TOKEN("invalid_token"),
    TASK_NOT_FOUND("task_not_found"),
    TASK_ALREADY_TERMINAL("task_already_terminal"),
    ATTEMPT_ALREADY_COMPLETED("attempt_already_completed"),
    ATTEMPT_MISMATCH("attempt_mismatch"),
    ATTEMPT_ID_MISMATCH("attempt_id_mismatch"),
    TASK_EXPIRED("task_expired");

    private final String wire;

    CallbackErrorKind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }
}
