package io.arco.api.partitionset;

import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.query.PartitionSetView;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/workspaces/{ws}/partition-sets/{name}/members} (decisions §2.5, §6.6): {@code
 * POST {add?: [string], remove?: [string]}} changes a dynamic partition set (an optional {@code
 * Idempotency-Key} makes a repeat a replay) and {@code GET} reads it; both answer 200 {@code {name,
 * members}} with members sorted. A missing list is empty; a list that is not an array of strings is
 * 422; the engine's 400s cover names and members.
 */
public final class PartitionSetRoutes {
  private static final String MEMBERS = "/api/v1/workspaces/{ws}/partition-sets/{name}/members";

  private PartitionSetRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine) {
    r.get(
        MEMBERS,
        ctx -> {
          RequestContext rc = Http.workspace(ctx);
          Http.json(ctx, 200, body(engine.partitionSet(rc.scope(), ctx.pathParam("name"))));
        });
    r.post(
        MEMBERS,
        ctx -> {
          JsonBody b = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
          List<String> add = b.stringList("add");
          List<String> remove = b.stringList("remove");
          RequestContext rc = Http.workspace(ctx);
          PartitionSetView set =
              engine.changePartitionSetMembers(
                  rc.scope(),
                  ctx.pathParam("name"),
                  add,
                  remove,
                  Optional.ofNullable(ctx.header("Idempotency-Key")));
          Http.json(ctx, 200, body(set));
        });
  }

  private static Map<String, Object> body(PartitionSetView set) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", set.name());
    out.put("members", set.members());
    return out;
  }
}
