package io.arco.api.http;

import io.arco.flow.engine.EngineClosedException;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that builds error answers: it knows every status and code, turns flow errors,
 * the api's own refusals and framework failures into an {@link ApiError} (user router) or a {@link
 * CallbackError} (task router, {@code /api/v1/tasks/**}), and writes them as the standard envelope
 * {@code {code, message, requestId, details?}} or the callback envelope {@code {error, message,
 * ..., requestId}} (decisions §1, §6.1). Routes only throw: {@link ApiException}, {@link
 * CallbackException} or the engine's {@link FlowException}.
 */
public final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
  private static final String TASK_ROUTER = "/api/v1/tasks/";
  private static final String WRITER_UNAVAILABLE = "WRITER_UNAVAILABLE";
  private static final String WRITER_UNAVAILABLE_CALLBACK = "writer_unavailable";

  private ErrorMapper() {}

  // ---- the api's own refusals on the user router ------------------------------------------------

  /** 400 {@code BAD_REQUEST}: malformed input the api checks itself. */
  public static ApiError badRequest(String message) {
    return new ApiError(400, "BAD_REQUEST", message, Optional.empty());
  }

  /** 422 {@code UNPROCESSABLE_ENTITY} {@code invalid field '{field}': {reason}} with {@code details.field}. */
  public static ApiError unprocessable(String field, String reason) {
    return new ApiError(
        422,
        "UNPROCESSABLE_ENTITY",
        "invalid field '" + field + "': " + reason,
        Optional.of(Map.of("field", field)));
  }

  /** 404 {@code NOT_FOUND}, e.g. {@code workspace not found} or a route that is switched off. */
  public static ApiError notFound(String message) {
    return new ApiError(404, "NOT_FOUND", message, Optional.empty());
  }

  /** 401 {@code UNAUTHORIZED}: a tenancy header missing in dev mode. */
  public static ApiError unauthorized(String message) {
    return new ApiError(401, "UNAUTHORIZED", message, Optional.empty());
  }

  /** 401 {@code MISSING_AUTH}: no bearer token in JWT mode. */
  public static ApiError missingAuth() {
    return new ApiError(401, "MISSING_AUTH", "Authorization header required", Optional.empty());
  }

  /** 401 {@code INVALID_TOKEN}: a bearer token that does not verify or lacks a claim. */
  public static ApiError invalidToken(String message) {
    return new ApiError(401, "INVALID_TOKEN", message, Optional.empty());
  }

  /**
   * 403 for a request refused outright (dev mode's {@code Host} check, decisions §7.3): {@code
   * FORBIDDEN} in the standard envelope, {@code forbidden} in the callback envelope on the task router.
   */
  public static RuntimeException forbidden(Context ctx, String message) {
    if (onTaskRouter(ctx)) {
      return new CallbackException(callback(403, "forbidden", message));
    }
    return new ApiException(new ApiError(403, "FORBIDDEN", message, Optional.empty()));
  }

  /**
   * 503 for a command this node cannot hand to its workspace's writer (several serving nodes,
   * decisions §7.11): {@code WRITER_UNAVAILABLE} in the standard envelope, {@code
   * writer_unavailable} in the callback envelope on the task router. Both answers carry {@code
   * Retry-After: 1}.
   */
  public static RuntimeException writerUnavailable(Context ctx, String message) {
    if (onTaskRouter(ctx)) {
      return new CallbackException(callback(503, WRITER_UNAVAILABLE_CALLBACK, message));
    }
    return new ApiException(new ApiError(503, WRITER_UNAVAILABLE, message, Optional.empty()));
  }

  /** 500 {@code INTERNAL}: the server's own configuration is wrong (the message says how). */
  public static ApiError misconfigured(String message) {
    return new ApiError(500, "INTERNAL", message, Optional.empty());
  }

  /** 415 {@code UNSUPPORTED_MEDIA_TYPE}. */
  public static ApiError unsupportedMediaType(String message) {
    return new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", message, Optional.empty());
  }

  /** 413 {@code PAYLOAD_TOO_LARGE}. */
  public static ApiError payloadTooLarge(String message) {
    return new ApiError(413, "PAYLOAD_TOO_LARGE", message, Optional.empty());
  }

  // ---- the api's own refusals on the task router ------------------------------------------------

  /** 401 {@code invalid_token}: the router stage's bearer check (decisions §6.2). */
  public static CallbackError invalidTaskToken(String message) {
    return callback(401, "invalid_token", message);
  }

  /** {@code invalid_argument} with the status of a request-shape error and the task router's message. */
  public static CallbackError invalidArgument(int status, String message) {
    return callback(status, "invalid_argument", message);
  }

  /**
   * A number out of its type's range (decisions §7.6): 400 {@code BAD_REQUEST} {@code {field}
   * {reason}} with {@code details.field}, never a clamped value.
   */
  public static ApiError outOfRange(String field, String reason) {
    return new ApiError(400, "BAD_REQUEST", field + " " + reason, Optional.of(Map.of("field", field)));
  }

  /** 400 {@code invalid_argument}, e.g. {@code Invalid attempt: must be >= 1}. */
  public static CallbackError invalidArgument(String message) {
    return callback(400, "invalid_argument", message);
  }

  /** 422 {@code invalid_argument} {@code invalid field '{field}': unknown value '{value}'}. */
  public static CallbackError unknownValue(String field, String value) {
    return callback(422, "invalid_argument", "invalid field '" + field + "': unknown value '" + value + "'");
  }

  // ---- flow errors ------------------------------------------------------------------------------

  /** A flow error on the user router. */
  public static ApiError toApi(FlowError error) {
    return switch (error) {
      case FlowError.InvalidRequest e -> badRequest(e.message());
      case FlowError.InvalidField e ->
          new ApiError(
              422, "UNPROCESSABLE_ENTITY", e.message(), Optional.of(Map.of("field", e.field())));
      case FlowError.NotFound e -> notFound(e.message());
      case FlowError.Conflict e -> new ApiError(409, "CONFLICT", e.message(), Optional.empty());
      case FlowError.TerminalRun e -> new ApiError(409, "CONFLICT", e.message(), Optional.empty());
      case FlowError.RunKeyConflict e -> new ApiError(409, "CONFLICT", e.message(), Optional.of(details(e)));
      case FlowError.StoreUnavailable e ->
          new ApiError(503, "STORE_UNAVAILABLE", e.message(), Optional.empty());
      case FlowError.WriterUnavailable e ->
          new ApiError(503, WRITER_UNAVAILABLE, e.message(), Optional.empty());
      case FlowError.CallbackRejected e -> {
        CallbackError c = toCallback(e);
        yield new ApiError(c.status(), e.kind().wire().toUpperCase(Locale.ROOT), e.message(), Optional.empty());
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
    if (error instanceof FlowError.WriterUnavailable e) {
      return callback(503, WRITER_UNAVAILABLE_CALLBACK, e.message());
    }
    ApiError api = toApi(error);
    String kind =
        switch (api.status()) {
          case 400, 422 -> "invalid_argument";
          case 404 -> "task_not_found";
          case 503 -> "unavailable";
          default -> "conflict";
        };
    return callback(api.status(), kind, api.message());
  }

  // ---- framework failures -----------------------------------------------------------------------

  /**
   * A status the framework answers by itself (Javalin's router, or Jetty before Javalin: a malformed
   * URI, headers too large): the code names the status ({@code NOT_FOUND}, {@code
   * METHOD_NOT_ALLOWED}, {@code PAYLOAD_TOO_LARGE}, {@code INTERNAL} for any 5xx, else the reason
   * phrase, e.g. {@code REQUEST_HEADER_FIELDS_TOO_LARGE}).
   */
  public static ApiError forStatus(int status, String message) {
    String code =
        switch (status) {
          case 400 -> "BAD_REQUEST";
          case 404 -> "NOT_FOUND";
          case 405 -> "METHOD_NOT_ALLOWED";
          case 413 -> "PAYLOAD_TOO_LARGE";
          case 415 -> "UNSUPPORTED_MEDIA_TYPE";
          default ->
              status >= 500 ? "INTERNAL" : reason(status).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        };
    return new ApiError(status, code, message, Optional.empty());
  }

  /** The status's HTTP reason phrase, or {@code request failed} for a status without one. */
  public static String reason(int status) {
    String r = HttpStatus.getMessage(status);
    return r == null ? "request failed" : r;
  }

  private static ApiError framework(int status) {
    return forStatus(
        status,
        switch (status) {
          case 404 -> "route not found";
          case 405 -> "method not allowed";
          case 413 -> "request body too large";
          default -> "request failed";
        });
  }

  private static CallbackError frameworkCallback(int status) {
    return switch (status) {
      case 404 -> callback(404, "not_found", "route not found");
      case 405 -> callback(405, "method_not_allowed", "method not allowed");
      case 413 -> callback(413, "payload_too_large", "request body too large");
      default -> callback(status, status >= 500 ? "internal" : "invalid_argument", "request failed");
    };
  }

  // ---- writing the answers ----------------------------------------------------------------------

  /**
   * Registers the error handling of the whole app: every exception a route throws, and the
   * framework's own 404 and 405, become the envelope of the request's router.
   */
  public static void register(JavalinDefaultRoutingApi r) {
    r.exception(ApiException.class, (e, ctx) -> writeApi(ctx, e.error()));
    r.exception(CallbackException.class, (e, ctx) -> write(ctx, e.error()));
    r.exception(
        FlowException.class,
        (e, ctx) -> {
          if (onTaskRouter(ctx)) {
            write(ctx, toCallback(e.error()));
          } else {
            writeApi(ctx, toApi(e.error()));
          }
        });
    r.exception(
        EngineClosedException.class,
        (e, ctx) -> {
          if (onTaskRouter(ctx)) {
            write(ctx, callback(503, "unavailable", e.getMessage()));
          } else {
            write(ctx, new ApiError(503, "SERVICE_UNAVAILABLE", e.getMessage(), Optional.empty()));
          }
        });
    r.exception(
        io.arco.flow.error.StoreException.class,
        (e, ctx) -> {
          // A read the store could not answer (a lost connection): retryable, like a write's 503.
          String message = "event store cannot be read: " + e.getMessage();
          LOG.warn("request {} {}: {}", ctx.method(), ctx.path(), message);
          if (onTaskRouter(ctx)) {
            write(ctx, callback(503, "unavailable", message));
          } else {
            write(ctx, new ApiError(503, "STORE_UNAVAILABLE", message, Optional.empty()));
          }
        });
    r.exception(HttpResponseException.class, (e, ctx) -> writeFramework(ctx, e.getStatus()));
    r.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
          if (onTaskRouter(ctx)) {
            write(ctx, callback(500, "internal", "internal error"));
          } else {
            write(ctx, forStatus(500, "internal error"));
          }
        });
    r.error(404, ctx -> writeFramework(ctx, 404));
    r.error(405, ctx -> writeFramework(ctx, 405));
  }

  /** The standard envelope's body: {@code {code, message, requestId, details?}}. */
  public static Map<String, Object> envelope(ApiError e, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", e.code());
    body.put("message", e.message());
    body.put("requestId", requestId);
    e.details().ifPresent(d -> body.put("details", d));
    return body;
  }

  private static void writeApi(Context ctx, ApiError e) {
    if (e.status() >= 400 && e.status() < 500) {
      LOG.debug("{} {} -> {} {}", ctx.method(), ctx.path(), e.status(), e.message());
    }
    write(ctx, e);
  }

  private static void write(Context ctx, ApiError e) {
    ctx.attribute(Http.HANDLED, Boolean.TRUE);
    if (WRITER_UNAVAILABLE.equals(e.code())) {
      ctx.header("Retry-After", "1");
    }
    Http.json(ctx, e.status(), envelope(e, Http.requestId(ctx)));
  }

  private static void write(Context ctx, CallbackError e) {
    ctx.attribute(Http.HANDLED, Boolean.TRUE);
    if (WRITER_UNAVAILABLE_CALLBACK.equals(e.error())) {
      ctx.header("Retry-After", "1");
    }
    Http.json(ctx, e.status(), callbackEnvelope(e, Http.requestId(ctx)));
  }

  /** The callback envelope of a refusal: its body as the task router answers it. */
  public static Map<String, Object> callbackEnvelope(CallbackError e, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.error());
    body.put("message", e.message());
    e.state().ifPresent(v -> body.put("state", v));
    e.expectedAttempt().ifPresent(v -> body.put("expectedAttempt", v));
    e.receivedAttempt().ifPresent(v -> body.put("receivedAttempt", v));
    e.expectedAttemptId().ifPresent(v -> body.put("expectedAttemptId", v));
    e.receivedAttemptId().ifPresent(v -> body.put("receivedAttemptId", v));
    body.put("requestId", requestId);
    return body;
  }


  private static void writeFramework(Context ctx, int status) {
    if (Boolean.TRUE.equals(ctx.attribute(Http.HANDLED))) {
      return;
    }
    // decisions §6.1: the task router answers every error, framework ones included, with the
    // callback envelope.
    if (onTaskRouter(ctx)) {
      write(ctx, frameworkCallback(status));
    } else {
      write(ctx, framework(status));
    }
  }

  /** Whether the request is on the task router, whose errors use the callback envelope. */
  private static boolean onTaskRouter(Context ctx) {
    return ctx.path().startsWith(TASK_ROUTER);
  }

  private static CallbackError callback(int status, String error, String message) {
    return new CallbackError(
        status, error, message, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }
}
