package io.arco.api.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.ApiException;
import io.arco.api.http.Cursors;
import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.ListPage;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.BackfillCreateResult;
import io.arco.flow.engine.BackfillRequest;
import io.arco.flow.engine.Engine;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.ChunkState;
import io.arco.flow.query.BackfillChunkView;
import io.arco.flow.query.BackfillView;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/workspaces/{ws}/backfills} (api-contract §10, decisions §2.4): create (202, or 200
 * for a replay), list, get, chunks, and the lifecycle actions pause, resume, cancel, retry-failed.
 */
public final class BackfillRoutes {
  private static final String BACKFILLS = "/api/v1/workspaces/{ws}/backfills";

  private BackfillRoutes() {}

  /** One lifecycle action of the engine. */
  @FunctionalInterface
  private interface Action {
    BackfillView apply(Engine engine, RequestContext rc, String backfillId);
  }

  public static void register(JavalinDefaultRoutingApi r, Engine engine) {
    r.post(BACKFILLS, ctx -> create(ctx, engine));
    r.get(BACKFILLS, ctx -> list(ctx, engine));
    r.get(
        BACKFILLS + "/{id}",
        ctx -> {
          RequestContext rc = Http.workspace(ctx);
          Http.json(ctx, 200, BackfillJson.backfill(engine.getBackfill(rc.scope(), ctx.pathParam("id"))));
        });
    r.get(BACKFILLS + "/{id}/chunks", ctx -> chunks(ctx, engine));
    action(r, engine, "pause", (e, rc, id) -> e.pauseBackfill(rc.scope(), id, rc.principal()));
    action(r, engine, "resume", (e, rc, id) -> e.resumeBackfill(rc.scope(), id, rc.principal()));
    action(r, engine, "cancel", (e, rc, id) -> e.cancelBackfill(rc.scope(), id, rc.principal()));
    action(r, engine, "retry-failed", (e, rc, id) -> e.retryFailedBackfill(rc.scope(), id, rc.principal()));
  }

  private static void action(JavalinDefaultRoutingApi r, Engine engine, String name, Action a) {
    r.post(
        BACKFILLS + "/{id}/" + name,
        ctx -> {
          JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
          RequestContext rc = Http.workspace(ctx);
          Http.json(ctx, 200, BackfillJson.backfill(a.apply(engine, rc, ctx.pathParam("id"))));
        });
  }

  private static void create(Context ctx, Engine engine) {
    JsonBody b = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    List<String> assets = b.stringList("assetSelection");
    JsonNode rawSelector =
        b.optionalObject("partitionSelector")
            .orElseThrow(() -> ApiException.unprocessable("partitionSelector", "missing field"));
    PartitionSelector selector = selector(JsonBody.of(rawSelector));
    Optional<String> clientRequestId = b.optionalString("clientRequestId");
    long chunkSize = b.optionalU32("chunkSize").orElse(0L);
    long concurrency = b.optionalU32("maxConcurrentRuns").orElse(0L);
    RequestContext rc = Http.workspace(ctx);
    BackfillCreateResult r =
        engine.createBackfill(
            rc.scope(),
            new BackfillRequest(
                assets,
                selector,
                clientRequestId.or(() -> Optional.ofNullable(ctx.header("Idempotency-Key"))),
                chunkSize,
                concurrency));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("backfillId", r.backfillId());
    body.put("acceptedEventId", r.acceptedEventId());
    body.put("acceptedAt", r.acceptedAt());
    Http.json(ctx, r.created() ? 202 : 200, body);
  }

  /** The tagged selector; a missing or unknown {@code type} is a 422 on {@code partitionSelector.type}. */
  private static PartitionSelector selector(JsonBody s) {
    String type;
    try {
      type = s.requiredString("type");
    } catch (ApiException e) {
      throw ApiException.unprocessable("partitionSelector.type", "missing field");
    }
    return switch (type) {
      case "range" ->
          new PartitionSelector.Range(
              field(() -> s.optionalString("start"), "partitionSelector.start").orElse(""),
              field(() -> s.optionalString("end"), "partitionSelector.end").orElse(""));
      case "explicit" ->
          new PartitionSelector.Explicit(field(() -> Optional.of(s.stringList("partitions")), "partitionSelector.partitions").orElseThrow());
      case "filter" ->
          new PartitionSelector.Filter(field(() -> Optional.of(s.stringMap("filters")), "partitionSelector.filters").orElseThrow());
      default ->
          throw ApiException.unprocessable(
              "partitionSelector.type", "expected one of range, explicit, filter");
    };
  }

  private static <T> Optional<T> field(java.util.function.Supplier<Optional<T>> read, String path) {
    try {
      return read.get();
    } catch (ApiException e) {
      String reason = e.getMessage().replaceFirst("^invalid field '[^']*': ", "");
      throw ApiException.unprocessable(path, reason);
    }
  }

  private static void list(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    Optional<BackfillState> state = Http.queryEnum(ctx, "state", BackfillState.class);
    ListPage<BackfillView> page =
        ListPage.of(
            Http.query(ctx, "cursor"),
            2,
            limit,
            (after, n) ->
                engine.listBackfills(
                    rc.scope(),
                    state,
                    after.map(k -> Cursors.instant(k.get(0))),
                    after.map(k -> k.get(1)),
                    n),
            b -> List.of(Cursors.timeKey(b.createdAt()), b.backfillId()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("backfills", page.items().stream().map(BackfillJson::backfill).toList());
    page.nextCursor().ifPresent(c -> body.put("nextCursor", c));
    Http.json(ctx, 200, body);
  }

  private static void chunks(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    Optional<ChunkState> state = Http.queryEnum(ctx, "state", ChunkState.class);
    ListPage<BackfillChunkView> page =
        ListPage.of(
            Http.query(ctx, "cursor"),
            2,
            limit,
            (after, n) ->
                engine.listBackfillChunks(
                    rc.scope(), ctx.pathParam("id"), state, after.map(k -> chunkIndex(k.get(0))).orElse(-1), n),
            c -> List.of(String.format("%020d", c.chunkIndex()), c.chunkId()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("chunks", page.items().stream().map(BackfillJson::chunk).toList());
    page.nextCursor().ifPresent(c -> body.put("nextCursor", c));
    Http.json(ctx, 200, body);
  }

  /** A chunk cursor's index key (zero-padded to 20 digits); 400 {@code invalid cursor} otherwise. */
  private static int chunkIndex(String key) {
    try {
      return Integer.parseInt(key);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid cursor");
    }
  }
}
