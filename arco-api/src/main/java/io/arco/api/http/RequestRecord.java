package io.arco.api.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;

/**
 * One answered HTTP request, as the metrics and the access log see it: the method, the route
 * template that matched ({@code /api/v1/workspaces/{ws}/runs}; {@value #UNMATCHED} when none did),
 * the raw path (no query), the status, how long it took and its request id. Metrics use the route,
 * never the path, which would name workspaces and runs (decisions §7.4) and grow without bound.
 */
public record RequestRecord(
    String method, String route, String path, int status, long durationNanos, String requestId) {
  /** The route of a request no endpoint matched (404, 405). */
  public static final String UNMATCHED = "UNMATCHED";

  /**
   * The record of a finished request, given the milliseconds Javalin's request logger measured and
   * the app's router, which finds the route of a request a before-handler refused (a 401 on a
   * workspace route is answered before Javalin matches the endpoint).
   */
  public static RequestRecord of(Context ctx, float millis, InternalRouter router) {
    return new RequestRecord(
        ctx.method().name(),
        route(ctx, router),
        ctx.path(),
        ctx.statusCode(),
        (long) (millis * 1_000_000.0),
        Http.requestId(ctx));
  }

  private static String route(Context ctx, InternalRouter router) {
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    if (matched != null) {
      return matched.path;
    }
    ParsedEndpoint found = router.findFirstHttpHandlerEntry(ctx.method(), ctx.path());
    return found == null ? UNMATCHED : found.endpoint.path;
  }

  /** The duration in milliseconds. */
  public double durationMillis() {
    return durationNanos / 1_000_000.0;
  }
}
