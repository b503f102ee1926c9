package io.arco.api.ops;

import io.arco.api.http.ApiException;
import io.arco.api.http.ErrorMapper;
import io.arco.api.http.Auth;
import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.flow.engine.Engine;
import io.arco.flow.model.Scope;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code GET /health}, {@code /ready}, {@code /version}, {@code /metrics}, the OpenAPI document
 * {@code GET /api/v1/openapi.json} (decisions §2.8) and the manual clock's {@code GET/POST
 * /api/v1/debug/clock} (decisions §2.3, §6.3; 404 under the system clock). None is authenticated,
 * except {@code /metrics} in JWT mode, which needs a user token and shows only its workspace
 * (decisions §7.4); the private metrics listener serves every workspace without one.
 */
public final class OpsRoutes {
  public static final String VERSION =
      Optional.ofNullable(OpsRoutes.class.getPackage().getImplementationVersion()).orElse("0.1.0-SNAPSHOT");

  private OpsRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine, Metrics metrics, Auth auth) {
    byte[] openApi = OpenApi.bytes(); // read at start-up: a broken document fails the start
    r.get("/health", ctx -> Http.json(ctx, 200, Map.of("status", "ok")));
    r.get(
        "/ready",
        ctx -> {
          Optional<String> problem = engine.readiness();
          if (problem.isEmpty()) {
            Http.json(ctx, 200, Map.of("ready", true));
          } else {
            Http.json(ctx, 503, Map.of("ready", false, "message", problem.get()));
          }
        });
    r.get(
        "/version",
        ctx -> {
          Map<String, String> v = new LinkedHashMap<>();
          v.put("service", "arco-api");
          v.put("packageVersion", VERSION);
          v.put("codeVersion", VERSION);
          v.put("gitSha", Optional.ofNullable(System.getenv("ARCO_GIT_SHA")).orElse("unknown"));
          v.put("image", "unknown");
          v.put("cloudRunRevision", "unknown");
          Http.json(ctx, 200, v);
        });
    r.get(
        "/metrics",
        ctx -> {
          // decisions §7.4: in JWT mode the public listener names no tenant or workspace to a
          // caller without a valid token, and shows a caller only its own workspace.
          Predicate<Scope> shown =
              auth.devMode() ? s -> true : auth.authenticate(ctx, Http.requestId(ctx)).scope()::equals;
          answerMetrics(ctx, engine, metrics, shown);
        });
    r.get(
        "/api/v1/openapi.json",
        ctx -> ctx.status(200).contentType("application/json").result(openApi));
    r.get(
        "/api/v1/debug/clock",
        ctx -> {
          requireManual(engine);
          Http.json(ctx, 200, Map.of("now", engine.now()));
        });
    r.post(
        "/api/v1/debug/clock",
        ctx -> {
          requireManual(engine);
          JsonBody body = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
          Optional<Long> advance = body.optionalLong("advanceMs");
          Optional<String> to = body.optionalString("now");
          Instant target;
          if (advance.isPresent()) {
            // A negative advance is a move backwards, which the engine refuses.
            target = engine.now().plusMillis(advance.get());
          } else if (to.isPresent()) {
            try {
              target = java.time.OffsetDateTime.parse(to.get()).toInstant();
            } catch (DateTimeParseException e) {
              throw ApiException.unprocessable("now", "expected an RFC 3339 timestamp");
            }
          } else {
            throw ApiException.unprocessable("advanceMs", "one of advanceMs or now is required");
          }
          Http.json(ctx, 200, Map.of("now", engine.moveClock(target)));
        });
  }

  /**
   * The private metrics listener's only route (decisions §7.4, {@code --metrics-port}): every
   * workspace, no authentication; the operator keeps the listener private.
   */
  public static void registerPrivateMetrics(JavalinDefaultRoutingApi r, Engine engine, Metrics metrics) {
    r.get("/metrics", ctx -> answerMetrics(ctx, engine, metrics, s -> true));
  }

  private static void answerMetrics(
      Context ctx, Engine engine, Metrics metrics, Predicate<Scope> shown) {
    ctx.contentType(metrics.contentType()).result(metrics.scrape(engine.stats(), shown));
  }

  private static void requireManual(Engine engine) {
    if (!engine.hasManualClock()) {
      throw new ApiException(ErrorMapper.notFound("route not found"));
    }
  }
}
