package io.arco.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.api.http.ApiException;
import io.arco.api.http.Cursors;
import io.arco.api.http.Http;
import io.arco.api.http.Json;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.CancelResult;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.LogPage;
import io.arco.flow.engine.LogUpload;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.query.RunListQuery;
import io.arco.flow.query.RunPage;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Run routes of api-contract §3 under {@code /api/v1/workspaces/{ws}/runs}. */
public final class RunRoutes {
  private static final String RUNS = "/api/v1/workspaces/{ws}/runs";

  private RunRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine) {
    r.post(RUNS, ctx -> TriggerRoute.handle(ctx, engine));
    r.post(RUNS + "/run-key/backfill", ctx -> RunKeyBackfillRoute.handle(ctx, engine));
    r.post(RUNS + "/{runId}/rerun", ctx -> RerunRoute.handle(ctx, engine));
    r.get(RUNS, ctx -> list(ctx, engine));
    r.get(RUNS + "/{runId}", ctx -> get(ctx, engine));
    r.post(RUNS + "/{runId}/cancel", ctx -> cancel(ctx, engine));
    r.post(RUNS + "/{runId}/logs", ctx -> uploadLogs(ctx, engine));
    r.get(RUNS + "/{runId}/logs", ctx -> readLogs(ctx, engine));
    r.get(RUNS + "/{runId}/logs/live", ctx -> LiveLogRoute.handle(ctx, engine));
  }

  private static void get(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    Http.json(ctx, 200, RunJson.from(rc.workspace(), engine.getRun(rc.scope(), ctx.pathParam("runId"))));
  }

  private static void list(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 20);
    Optional<PublicRunState> state =
        Http.query(ctx, "state")
            .map(
                s ->
                    PublicRunState.parse(s)
                        .orElseThrow(() -> ApiException.badRequest("invalid query parameter 'state'")));
    RunListQuery q = new RunListQuery(state, Optional.empty(), Optional.empty(), 0, limit);
    Optional<String> cursor = Http.query(ctx, "cursor");
    if (cursor.isPresent()) {
      String c = cursor.get();
      if (!c.isEmpty() && c.chars().allMatch(Character::isDigit)) {
        q = new RunListQuery(state, Optional.empty(), Optional.empty(), parseOffset(c), limit);
      } else {
        JsonNode n = Cursors.decodeJson(c);
        JsonNode at = n.get("triggered_at");
        JsonNode id = n.get("run_id");
        if (at == null || !at.isTextual() || id == null || !id.isTextual()) {
          throw ApiException.badRequest("invalid cursor");
        }
        Instant t;
        try {
          t = java.time.OffsetDateTime.parse(at.asText()).toInstant();
        } catch (DateTimeParseException e) {
          throw ApiException.badRequest("invalid cursor");
        }
        q = new RunListQuery(state, Optional.of(t), Optional.of(id.asText()), 0, limit);
      }
    }
    RunPage page = engine.listRuns(rc.scope(), q);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runs", page.runs().stream().map(RunJson::listItem).toList());
    if (page.hasMore() && !page.runs().isEmpty()) {
      var last = page.runs().get(page.runs().size() - 1);
      ObjectNode next = Json.MAPPER.createObjectNode();
      next.put("triggered_at", Cursors.timeKey(last.createdAt()));
      next.put("run_id", last.runId());
      body.put("nextCursor", Cursors.encodeJson(next));
    }
    Http.json(ctx, 200, body);
  }

  private static int parseOffset(String c) {
    try {
      return Math.toIntExact(Long.parseLong(c));
    } catch (NumberFormatException | ArithmeticException e) {
      throw ApiException.badRequest("invalid cursor");
    }
  }

  private static void cancel(Context ctx, Engine engine) {
    JsonBody body = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    Optional<String> reason = body.optionalString("reason");
    RequestContext rc = Http.workspace(ctx);
    CancelResult r = engine.cancelRun(rc.scope(), ctx.pathParam("runId"), reason, rc.principal());
    Http.json(
        ctx,
        200,
        Map.of("runId", r.runId(), "state", r.state().name(), "cancelledAt", r.cancelledAt()));
  }

  private static void uploadLogs(Context ctx, Engine engine) {
    JsonBody body = JsonBody.read(ctx, JsonBody.LARGE_LIMIT);
    String taskKey = body.requiredString("taskKey");
    int attempt = body.requiredAttempt("attempt");
    String stdout = body.optionalString("stdout").orElse("");
    String stderr = body.optionalString("stderr").orElse("");
    RequestContext rc = Http.workspace(ctx);
    LogUpload up =
        engine.uploadLogs(rc.scope(), ctx.pathParam("runId"), taskKey, attempt, stdout, stderr);
    Http.json(ctx, 200, Map.of("path", up.path(), "sizeBytes", up.sizeBytes()));
  }

  private static void readLogs(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    Optional<String> after = Optional.empty();
    Optional<String> cursor = Http.query(ctx, "cursor");
    if (cursor.isPresent()) {
      Cursors.Decoded d = Cursors.decode(cursor.get());
      if (d.isOffset() || d.keys().size() != 1) {
        throw ApiException.badRequest("invalid log cursor");
      }
      after = Optional.of(d.keys().get(0));
    }
    LogPage page =
        engine.readLogs(rc.scope(), ctx.pathParam("runId"), Http.query(ctx, "taskKey"), after, limit);
    page.nextAfterPath()
        .ifPresent(p -> ctx.header("x-arco-next-cursor", Cursors.encodeKeys(List.of(p))));
    ctx.status(200).contentType("text/plain; charset=utf-8").result(page.body());
  }
}
