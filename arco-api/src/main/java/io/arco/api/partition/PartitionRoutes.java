package io.arco.api.partition;

import io.arco.api.http.ApiException;
import io.arco.api.http.Cursors;
import io.arco.api.http.Http;
import io.arco.api.http.ListPage;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.model.PartitionStatus;
import io.arco.flow.query.PartitionCursor;
import io.arco.flow.query.PartitionQuery;
import io.arco.flow.query.PartitionStatusView;
import io.arco.flow.query.StalenessView;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /partitions} and {@code GET /assets/{assetKey}/partitions/summary} (api-contract §11,
 * decisions §6.5), the addition {@code GET /assets/{assetKey}/partitions/status-map} (every row of
 * an asset in one compact answer, for the UI's heat map) and {@code GET /staleness} (decisions §2.6, §6.5): pages in (asset key,
 * partition key) order with the cursor {@code [assetKey, partitionKey]} (the empty partition key
 * for an unpartitioned asset's staleness entry).
 */
public final class PartitionRoutes {
  private static final String WS = "/api/v1/workspaces/{ws}";

  private PartitionRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine) {
    r.get(WS + "/partitions", ctx -> list(ctx, engine));
    r.get(
        WS + "/assets/{assetKey}/partitions/summary",
        ctx -> {
          RequestContext rc = Http.workspace(ctx);
          var summary = engine.partitionSummary(rc.scope(), ctx.pathParam("assetKey"));
          Http.json(ctx, 200, PartitionJson.summary(summary));
        });
    r.get(
        WS + "/assets/{assetKey}/partitions/status-map",
        ctx -> {
          RequestContext rc = Http.workspace(ctx);
          var map = engine.partitionStatusMap(rc.scope(), ctx.pathParam("assetKey"));
          Http.json(ctx, 200, PartitionJson.statusMap(map));
        });
    r.get(WS + "/staleness", ctx -> staleness(ctx, engine));
  }

  private static void list(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    Optional<String> assetKey = Http.query(ctx, "assetKey");
    boolean staleOnly = bool(ctx, "staleOnly");
    Optional<PartitionStatus> status = Http.queryEnum(ctx, "status", PartitionStatus.class);
    ListPage<PartitionStatusView> page =
        ListPage.of(
            Http.query(ctx, "cursor"),
            2,
            limit,
            (after, n) ->
                engine.listPartitions(
                    rc.scope(),
                    new PartitionQuery(assetKey, staleOnly, status, after.map(PartitionRoutes::cursor), n)),
            p -> List.of(p.assetKey(), p.partitionKey()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("partitions", page.items().stream().map(PartitionJson::partition).toList());
    page.nextCursor().ifPresent(c -> body.put("nextCursor", c));
    Http.json(ctx, 200, body);
  }

  private static void staleness(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    Optional<String> assetKey = Http.query(ctx, "assetKey");
    ListPage<StalenessView> page =
        ListPage.of(
            Http.query(ctx, "cursor"),
            2,
            limit,
            (after, n) -> engine.staleness(rc.scope(), assetKey, after.map(PartitionRoutes::cursor), n),
            v -> List.of(v.assetKey(), v.partitionKey().orElse("")));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("partitions", page.items().stream().map(PartitionJson::stale).toList());
    page.nextCursor().ifPresent(c -> body.put("nextCursor", c));
    Http.json(ctx, 200, body);
  }

  /** The {@code [assetKey, partitionKey]} cursor keys. */
  private static PartitionCursor cursor(List<String> keys) {
    return new PartitionCursor(keys.get(0), keys.get(1));
  }

  private static boolean bool(Context ctx, String name) {
    Optional<String> raw = Http.query(ctx, name);
    if (raw.isEmpty()) {
      return false;
    }
    return switch (raw.get()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.badRequest("invalid query parameter '" + name + "'");
    };
  }
}
