package io.arco.api.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes error envelopes: the standard one and the task router's callback one. */
public final class ErrorBodies {
  private ErrorBodies() {}

  public static void write(Context ctx, ApiError e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", e.code());
    body.put("message", e.message());
    body.put("requestId", Http.requestId(ctx));
    e.details().ifPresent(d -> body.put("details", d));
    ctx.attribute(Http.HANDLED, Boolean.TRUE);
    Http.json(ctx, e.status(), body);
  }

  public static void write(Context ctx, CallbackError e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.error());
    body.put("message", e.message());
    e.state().ifPresent(v -> body.put("state", v));
    e.expectedAttempt().ifPresent(v -> body.put("expectedAttempt", v));
    e.receivedAttempt().ifPresent(v -> body.put("receivedAttempt", v));
    e.expectedAttemptId().ifPresent(v -> body.put("expectedAttemptId", v));
    e.receivedAttemptId().ifPresent(v -> body.put("receivedAttemptId", v));
    body.put("requestId", Http.requestId(ctx));
    ctx.attribute(Http.HANDLED, Boolean.TRUE);
    Http.json(ctx, e.status(), body);
  }

  /** Whether the request is on the task router, whose errors use the callback envelope. */
  public static boolean onTaskRouter(Context ctx) {
    return ctx.path().startsWith("/api/v1/tasks/");
  }
}
