package io.arco.api.sensor;

import io.arco.api.http.ApiException;
import io.arco.api.http.Cursors;
import io.arco.api.http.Http;
import io.arco.api.http.Json;
import io.arco.api.http.JsonBody;
import io.arco.api.http.ListPage;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.PushEvaluation;
import io.arco.flow.query.SensorEvalView;
import io.arco.flow.query.SensorView;
import io.arco.flow.query.SensorViews;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/workspaces/{ws}/sensors} (api-contract §9, decisions §6.7): list, get, manual
 * evaluate (with {@code dryRun}), evaluation history, pause and resume.
 */
public final class SensorRoutes {
  private static final String SENSORS = "/api/v1/workspaces/{ws}/sensors";
  private static final Set<String> EVAL_STATUSES =
      Set.of("TRIGGERED", "NO_NEW_DATA", "ERROR", "SKIPPED_STALE_CURSOR");

  private SensorRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine) {
    r.get(SENSORS, ctx -> list(ctx, engine));
    r.get(
        SENSORS + "/{id}",
        ctx -> {
          RequestContext rc = Http.workspace(ctx);
          Http.json(ctx, 200, SensorJson.sensor(engine.getSensor(rc.scope(), ctx.pathParam("id"))));
        });
    r.post(SENSORS + "/{id}/evaluate", ctx -> evaluate(ctx, engine));
    r.get(SENSORS + "/{id}/evals", ctx -> evals(ctx, engine));
    r.post(SENSORS + "/{id}/pause", ctx -> setPaused(ctx, engine, true));
    r.post(SENSORS + "/{id}/resume", ctx -> setPaused(ctx, engine, false));
  }

  private static void list(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    ListPage<SensorView> page =
        ListPage.of(
            Http.query(ctx, "cursor"),
            1,
            limit,
            (after, n) -> engine.listSensors(rc.scope(), after.map(k -> k.get(0)), n),
            v -> List.of(v.sensorId()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sensors", SensorJson.sensors(page.items()));
    page.nextCursor().ifPresent(c -> body.put("nextCursor", c));
    Http.json(ctx, 200, body);
  }

  private static void evaluate(Context ctx, Engine engine) {
    JsonBody b = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    var payload = b.raw("payload").orElseThrow(() -> ApiException.unprocessable("payload", "missing field"));
    Map<String, String> attributes = b.stringMap("attributes");
    Optional<String> messageId = b.optionalString("messageId");
    boolean dryRun = b.bool("dryRun", false);
    RequestContext rc = Http.workspace(ctx);
    var result =
        engine.evaluateSensor(
            rc.scope(),
            ctx.pathParam("id"),
            new PushEvaluation(
                Json.string(payload),
                attributes,
                messageId.or(() -> Optional.ofNullable(ctx.header("Idempotency-Key"))),
                dryRun));
    Http.json(ctx, 200, SensorJson.evaluated(result));
  }

  private static void evals(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    Optional<Instant> since = time(ctx, "since");
    Optional<Instant> until = time(ctx, "until");
    Optional<String> status = Http.query(ctx, "status");
    if (status.isPresent() && !EVAL_STATUSES.contains(status.get())) {
      throw ApiException.badRequest("invalid query parameter 'status'");
    }
    ListPage<SensorEvalView> page =
        ListPage.of(
            Http.query(ctx, "cursor"),
            2,
            limit,
            (after, n) ->
                engine.listSensorEvals(
                    rc.scope(),
                    ctx.pathParam("id"),
                    new SensorViews.EvalQuery(
                        since,
                        until,
                        status,
                        after.map(k -> Cursors.instant(k.get(0))),
                        after.map(k -> k.get(1)),
                        n)),
            e -> List.of(Cursors.timeKey(e.evaluatedAt()), e.evalId()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("evals", page.items().stream().map(SensorJson::eval).toList());
    page.nextCursor().ifPresent(c -> body.put("nextCursor", c));
    Http.json(ctx, 200, body);
  }

  private static Optional<Instant> time(Context ctx, String name) {
    Optional<String> raw = Http.query(ctx, name);
    try {
      return raw.map(v -> OffsetDateTime.parse(v).toInstant());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("invalid query parameter '" + name + "'");
    }
  }

  private static void setPaused(Context ctx, Engine engine, boolean paused) {
    JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    RequestContext rc = Http.workspace(ctx);
    SensorView v =
        engine.setSensorPaused(
            rc.scope(),
            ctx.pathParam("id"),
            paused,
            Optional.ofNullable(ctx.header("Idempotency-Key")),
            rc.principal());
    Http.json(ctx, 200, SensorJson.sensor(v));
  }
}
