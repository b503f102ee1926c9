package io.arco.api.run;

import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.RunKeyBackfillResult;
import io.arco.flow.model.TriggerRequest;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code POST /runs/run-key/backfill} (api-contract §3.8): {@code runKey} is required. */
final class RunKeyBackfillRoute {
  private RunKeyBackfillRoute() {}

  static void handle(Context ctx, Engine engine) {
    JsonBody body = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    String runKey = body.requiredString("runKey");
    TriggerRequest parsed = TriggerRoute.parse(body, Optional.empty());
    TriggerRequest req =
        new TriggerRequest(
            parsed.selection(),
            parsed.includeUpstream(),
            parsed.includeDownstream(),
            parsed.partitions(),
            parsed.partitionKey(),
            Optional.of(runKey),
            parsed.labels());
    RequestContext rc = Http.workspace(ctx);
    RunKeyBackfillResult r = engine.backfillRunKeyFingerprint(rc.scope(), req);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runKey", r.runKey());
    out.put("runId", r.runId());
    out.put("requestFingerprint", r.requestFingerprint());
    out.put("updated", r.updated());
    out.put("createdAt", r.createdAt());
    Http.json(ctx, 200, out);
  }
}
