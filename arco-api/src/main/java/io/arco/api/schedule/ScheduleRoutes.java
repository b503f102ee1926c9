package io.arco.api.schedule;

import io.arco.api.http.ApiException;
import io.arco.api.http.Cursors;
import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.ScheduleCommand;
import io.arco.flow.engine.ScheduleResult;
import io.arco.flow.model.OverlapPolicy;
import io.arco.flow.query.ScheduleView;
import io.arco.flow.query.TickView;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v1/workspaces/{ws}/schedules} (api-contract §8). */
public final class ScheduleRoutes {
  private static final String SCHEDULES = "/api/v1/workspaces/{ws}/schedules";
  private static final Set<String> TICK_STATUSES = Set.of("TRIGGERED", "SKIPPED", "FAILED");
  private static final DateTimeFormatter NANOS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

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
    Optional<String> after = Http.query(ctx, "cursor").map(c -> oneKey(Cursors.decode(c)));
    List<ScheduleView> page = engine.listSchedules(rc.scope(), after, limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schedules", page.stream().limit(limit).map(ScheduleJson::schedule).toList());
    if (page.size() > limit) {
      body.put("nextCursor", Cursors.encodeKeys(List.of(page.get(limit - 1).scheduleId())));
    }
    Http.json(ctx, 200, body);
  }

  private static String oneKey(Cursors.Decoded d) {
    if (d.isOffset() || d.keys().size() != 1) {
      throw ApiException.badRequest("invalid cursor");
    }
    return d.keys().get(0);
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
    Optional<Instant> afterAt = Optional.empty();
    Optional<String> afterTick = Optional.empty();
    Optional<String> cursor = Http.query(ctx, "cursor");
    if (cursor.isPresent()) {
      Cursors.Decoded d = Cursors.decode(cursor.get());
      if (d.isOffset() || d.keys().size() != 2) {
        throw ApiException.badRequest("invalid cursor");
      }
      try {
        afterAt = Optional.of(OffsetDateTime.parse(d.keys().get(0)).toInstant());
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest("invalid cursor");
      }
      afterTick = Optional.of(d.keys().get(1));
    }
    List<TickView> page =
        engine.listTicks(rc.scope(), ctx.pathParam("id"), status, afterAt, afterTick, limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ticks", page.stream().limit(limit).map(ScheduleJson::tick).toList());
    if (page.size() > limit) {
      TickView last = page.get(limit - 1);
      body.put("nextCursor", Cursors.encodeKeys(List.of(NANOS.format(last.scheduledFor()), last.tickId())));
    }
    Http.json(ctx, 200, body);
  }
}
