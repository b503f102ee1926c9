package io.arco.api.schedule;

import io.arco.api.http.ApiException;
import io.arco.api.http.Cursors;
import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.ListPage;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.ScheduleCommand;
import io.arco.flow.engine.ScheduleResult;
import io.arco.flow.model.OverlapPolicy;
import io.arco.flow.query.ScheduleView;
import io.arco.flow.query.TickView;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v1/workspaces/{ws}/schedules} (api-contract §8). */
public final class ScheduleRoutes {
  private static final String SCHEDULES = "/api/v1/workspaces/{ws}/schedules";
  private static final Set<String> TICK_STATUSES = Set.of("TRIGGERED", "SKIPPED", "FAILED");

  private ScheduleRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine) {
    r.get(SCHEDULES, ctx -> list(ctx, engine));
    r.get(SCHEDULES + "/{id}", ctx -> {
      RequestContext rc = Http.workspace(ctx);
      Http.json(ctx, 200, ScheduleJson.schedule(engine.getSchedule(rc.scope(), ctx.pathParam("id"))));
    });
    r.put(SCHEDULES + "/{id}", ctx -> upsert(ctx, engine));
    r.post(SCHEDULES + "/{id}/enable", ctx -> setEnabled(ctx, engine, true));
    r.post(SCHEDULES + "/{id}/disable", ctx -> setEnabled(ctx, engine, false));
    r.get(SCHEDULES + "/{id}/ticks", ctx -> ticks(ctx, engine));
    r.get(SCHEDULES + "/{id}/ticks/{tickId}", ctx -> {
      RequestContext rc = Http.workspace(ctx);
      Http.json(ctx, 200, ScheduleJson.tick(engine.getTick(rc.scope(), ctx.pathParam("id"), ctx.pathParam("tickId"))));
    });
  }

  private static void list(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    ListPage<ScheduleView> page =
        ListPage.of(
            Http.query(ctx, "cursor"),
            1,
            limit,
            (after, n) -> engine.listSchedules(rc.scope(), after.map(k -> k.get(0)), n),
            v -> List.of(v.scheduleId()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schedules", page.items().stream().map(ScheduleJson::schedule).toList());
    page.nextCursor().ifPresent(c -> body.put("nextCursor", c));
    Http.json(ctx, 200, body);
  }

  private static void upsert(Context ctx, Engine engine) {
    JsonBody b = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    String cron = b.requiredString("cronExpression");
    String tz = b.requiredString("timezone");
    long window = b.requiredU32("catchupWindowMinutes");
    long maxTicks = b.requiredU32("maxCatchupTicks");
    if (b.raw("enabled").isEmpty()) {
      throw ApiException.unprocessable("enabled", "missing field");
    }
    boolean enabled = b.bool("enabled", true);
    List<String> assets = b.stringList("assetSelection");
    Optional<OverlapPolicy> overlap =
        b.optionalString("overlapPolicy")
            .map(
                v -> {
                  try {
                    return OverlapPolicy.valueOf(v);
                  } catch (IllegalArgumentException e) {
                    throw ApiException.unprocessable("overlapPolicy", "expected ALLOW or SKIP");
                  }
                });
    RequestContext rc = Http.workspace(ctx);
    ScheduleResult r =
        engine.upsertSchedule(
            rc.scope(),
            ctx.pathParam("id"),
            new ScheduleCommand(cron, tz, window, maxTicks, enabled, assets, overlap),
            Optional.ofNullable(ctx.header("Idempotency-Key")));
    Http.json(ctx, r.created() ? 201 : 200, ScheduleJson.schedule(r.schedule()));
  }

  private static void setEnabled(Context ctx, Engine engine, boolean enabled) {
    JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    RequestContext rc = Http.workspace(ctx);
    ScheduleResult r =
        engine.setScheduleEnabled(
            rc.scope(), ctx.pathParam("id"), enabled, Optional.ofNullable(ctx.header("Idempotency-Key")));
    Http.json(ctx, 200, ScheduleJson.schedule(r.schedule()));
  }

  private static void ticks(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    Optional<String> status = Http.query(ctx, "status");
    if (status.isPresent() && !TICK_STATUSES.contains(status.get())) {
      throw ApiException.badRequest("invalid query parameter 'status'");
    }
    ListPage<TickView> page =
        ListPage.of(
            Http.query(ctx, "cursor"),
            2,
            limit,
            (after, n) ->
                engine.listTicks(
                    rc.scope(),
                    ctx.pathParam("id"),
                    status,
                    after.map(k -> Cursors.instant(k.get(0))),
                    after.map(k -> k.get(1)),
                    n),
            t -> List.of(Cursors.timeKey(t.scheduledFor()), t.tickId()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ticks", page.items().stream().map(ScheduleJson::tick).toList());
    page.nextCursor().ifPresent(c -> body.put("nextCursor", c));
    Http.json(ctx, 200, body);
  }
}
