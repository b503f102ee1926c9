package io.arco.api.http;

import io.arco.flow.error.FlowError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The only place that turns flow errors into HTTP statuses and codes. */
public final class ErrorMapper {
  private ErrorMapper() {}

  /** A flow error on the user router. */
  public static ApiError toApi(FlowError error) {
    return switch (error) {
      case FlowError.InvalidRequest e -> ApiError.of(400, "BAD_REQUEST", e.message());
      case FlowError.InvalidField e ->
          new ApiError(
              422, "UNPROCESSABLE_ENTITY", e.message(), Optional.of(Map.of("field", e.field())));
      case FlowError.NotFound e -> ApiError.of(404, "NOT_FOUND", e.message());
      case FlowError.Conflict e -> ApiError.of(409, "CONFLICT", e.message());
      case FlowError.TerminalRun e -> ApiError.of(409, "CONFLICT", e.message());
      case FlowError.RunKeyConflict e -> new ApiError(409, "CONFLICT", e.message(), Optional.of(details(e)));
      case FlowError.StoreUnavailable e -> ApiError.of(503, "STORE_UNAVAILABLE", e.message());
      case FlowError.CallbackRejected e -> {
        CallbackError c = toCallback(e);
        yield ApiError.of(c.status(), e.kind().wire().toUpperCase(java.util.Locale.ROOT), e.message());
      }
    };
  }

  /** The run_key conflict {@code details} of api-contract §5.4 ({@code Z} timestamps, decisions §1). */
  static Map<String, Object> details(FlowError.RunKeyConflict e) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("conflictType", "RUN_KEY_FINGERPRINT_MISMATCH");
    d.put("runKey", e.runKey());
    d.put("existingRunId", e.existingRunId());
    d.put("existingPlanId", e.existingPlanId());
    d.put("existingFingerprint", e.existingFingerprint().orElse(null));
    d.put("requestedFingerprint", e.requestedFingerprint().orElse(null));
    d.put("existingCreatedAt", e.existingCreatedAt().toString());
    d.putAll(e.extraDetails());
    return d;
  }

  /** A flow error on the task router. */
  public static CallbackError toCallback(FlowError error) {
    if (error instanceof FlowError.CallbackRejected e) {
      int status =
          switch (e.kind()) {
            case INVALID_ARGUMENT, TASK_ID_AMBIGUOUS -> 400;
            case INVALID_TOKEN -> 401;
            case TASK_NOT_FOUND -> 404;
            case TASK_ALREADY_TERMINAL,
                ATTEMPT_ALREADY_COMPLETED,
                ATTEMPT_MISMATCH,
                ATTEMPT_ID_MISMATCH -> 409;
            case TASK_EXPIRED -> 410;
          };
      return new CallbackError(
          status,
          e.kind().wire(),
          e.message(),
          e.state(),
          e.expectedAttempt(),
          e.receivedAttempt(),
          e.expectedAttemptId(),
          e.receivedAttemptId());
    }
    ApiError api = toApi(error);
    String kind =
        switch (api.status()) {
          case 400, 422 -> "invalid_argument";
          case 404 -> "task_not_found";
          case 503 -> "unavailable";
          default -> "conflict";
        };
    return CallbackError.of(api.status(), kind, api.message());
  }
}
