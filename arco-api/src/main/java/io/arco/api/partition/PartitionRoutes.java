package io.arco.api.partition;

import io.arco.api.http.ApiException;
import io.arco.api.http.Cursors;
import io.arco.api.http.Http;
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
 * decisions §6.5) and {@code GET /staleness} (decisions §2.6, §6.5): pages in (asset key,
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
    r.get(WS + "/staleness", ctx -> staleness(ctx, engine));
  }

  private static void list(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    PartitionQuery query =
        new PartitionQuery(
            Http.query(ctx, "assetKey"),
            bool(ctx, "staleOnly"),
            Http.queryEnum(ctx, "status", PartitionStatus.class),
            cursor(ctx),
            limit);
    List<PartitionStatusView> page = engine.listPartitions(rc.scope(), query);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("partitions", page.stream().limit(limit).map(PartitionJson::partition).toList());
    if (page.size() > limit) {
      PartitionStatusView last = page.get(limit - 1);
      body.put("nextCursor", Cursors.encodeKeys(List.of(last.assetKey(), last.partitionKey())));
    }
    Http.json(ctx, 200, body);
  }

  private static void staleness(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    int limit = Cursors.limit(ctx.queryParam("limit"), 50);
    List<StalenessView> page =
        engine.staleness(rc.scope(), Http.query(ctx, "assetKey"), cursor(ctx), limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("partitions", page.stream().limit(limit).map(PartitionJson::stale).toList());
    if (page.size() > limit) {
      StalenessView last = page.get(limit - 1);
      body.put(
          "nextCursor",
          Cursors.encodeKeys(List.of(last.assetKey(), last.partitionKey().orElse(""))));
    }
    Http.json(ctx, 200, body);
  }

  /** The {@code [assetKey, partitionKey]} cursor; 400 {@code invalid cursor} otherwise. */
  private static Optional<PartitionCursor> cursor(Context ctx) {
    return Cursors.keys(Http.query(ctx, "cursor"), 2).map(k -> new PartitionCursor(k.get(0), k.get(1)));
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
