package io.arco.api.worker;

import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.LeaseBatch;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedSensorEvaluation;
import io.arco.flow.engine.LeasedTask;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/workspaces/{ws}/workers/poll} (decisions §2.1): leases up to {@code maxTasks}
 * claimable tasks, long-polling up to {@code waitMs}, and answers their dispatch envelopes; a
 * worker that polls queue {@code sensors} also gets due poll-sensor evaluations (decisions §6.7,
 * {@code kind: "sensor"}).
 */
public final class WorkerRoutes {
  private WorkerRoutes() {}

  public static void register(
      JavalinDefaultRoutingApi r, Engine engine, TaskTokens tokens, Supplier<String> callbackBaseUrl) {
    r.post(
        "/api/v1/workspaces/{ws}/workers/poll",
        ctx -> poll(ctx, engine, tokens, callbackBaseUrl.get()));
  }

  private static void poll(Context ctx, Engine engine, TaskTokens tokens, String baseUrl) {
    JsonBody body = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    String workerId = body.optionalString("workerId").orElse("");
    List<String> queues = body.stringList("queues");
    long maxTasks = body.optionalLong("maxTasks").orElse(1L);
    long waitMs = body.optionalLong("waitMs").orElse(0L);
    RequestContext rc = Http.workspace(ctx);
    LeaseBatch leased =
        engine.leaseWork(
            rc.scope(),
            new LeaseRequest(
                workerId,
                queues,
                Math.clamp(maxTasks, Integer.MIN_VALUE, Integer.MAX_VALUE),
                waitMs));
    List<Map<String, Object>> envelopes = new ArrayList<>();
    for (LeasedSensorEvaluation s : leased.sensorEvaluations()) {
      envelopes.add(DispatchEnvelopes.ofSensor(s, tokens.issueSensor(s), baseUrl));
    }
    for (LeasedTask t : leased.tasks()) {
      envelopes.add(DispatchEnvelopes.of(t, tokens.issue(t), baseUrl));
    }
    Http.json(ctx, 200, Map.of("tasks", envelopes));
  }
}
