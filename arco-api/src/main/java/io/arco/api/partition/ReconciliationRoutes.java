package io.arco.api.partition;

import io.arco.api.http.ApiException;
import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.ReconciliationRequest;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /reconciliation/plan} and {@code /apply} (decisions §2.6, §6.10), body {@code
 * {assetSelection: [...], partitionKeys?: [...]}}: the plan answers {@code {runs: [{assetSelection,
 * partitionKey?, reasons, runKey, staleSince?, causes}]}} without side effects; apply triggers them
 * and answers {@code {runs: [{runId, runKey, created}]}}.
 */
public final class ReconciliationRoutes {
  private static final String BASE = "/api/v1/workspaces/{ws}/reconciliation";

  private ReconciliationRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine) {
    r.post(BASE + "/plan", ctx -> plan(ctx, engine));
    r.post(BASE + "/apply", ctx -> apply(ctx, engine));
  }

  private static void plan(Context ctx, Engine engine) {
    ReconciliationRequest request = request(ctx);
    RequestContext rc = Http.workspace(ctx);
    var runs = engine.planReconciliation(rc.scope(), request);
    Http.json(ctx, 200, Map.of("runs", runs.stream().map(PartitionJson::plannedRun).toList()));
  }

  private static void apply(Context ctx, Engine engine) {
    ReconciliationRequest request = request(ctx);
    RequestContext rc = Http.workspace(ctx);
    var runs = engine.applyReconciliation(rc.scope(), request, rc.principal());
    Http.json(ctx, 200, Map.of("runs", runs.stream().map(PartitionJson::appliedRun).toList()));
  }

  /** The body: {@code assetSelection} a required array of strings, {@code partitionKeys} optional. */
  private static ReconciliationRequest request(Context ctx) {
    JsonBody b = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    if (b.raw("assetSelection").isEmpty()) {
      throw ApiException.unprocessable("assetSelection", "missing field");
    }
    Optional<java.util.List<String>> partitionKeys =
        b.raw("partitionKeys").isPresent() ? Optional.of(b.stringList("partitionKeys")) : Optional.empty();
    return new ReconciliationRequest(b.stringList("assetSelection"), partitionKeys);
  }
}
