package io.arco.api.run;

import io.arco.api.http.ApiException;
import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.RerunResult;
import io.arco.flow.model.RerunMode;
import io.arco.flow.model.RerunRequest;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /runs/{runId}/rerun} (api-contract §3.4): {@code mode} is required ({@code
 * fromFailure} or {@code subset}, 422 otherwise); the {@code Idempotency-Key} header is ignored —
 * the derived run key makes a repeated rerun idempotent.
 */
final class RerunRoute {
  private RerunRoute() {}

  static void handle(Context ctx, Engine engine) {
    JsonBody body = JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    String mode = body.requiredString("mode");
    RerunMode m =
        RerunMode.parse(mode)
            .orElseThrow(
                () -> ApiException.unprocessable("mode", "unknown variant '" + mode + "', expected fromFailure or subset"));
    RerunRequest req =
        new RerunRequest(
            m,
            body.stringList("selection"),
            body.bool("includeUpstream", false),
            body.bool("includeDownstream", false),
            body.optionalString("runKey"),
            body.stringMap("labels"));
    RequestContext rc = Http.workspace(ctx);
    RerunResult r = engine.rerun(rc.scope(), ctx.pathParam("runId"), req, rc.principal());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", r.runId());
    out.put("planId", r.planId());
    out.put("state", r.state().name());
    out.put("created", r.created());
    out.put("createdAt", r.createdAt());
    out.put("parentRunId", r.parentRunId());
    out.put("rerunKind", r.rerunKind());
    out.put("rerunReason", r.rerunReason());
    Http.json(ctx, r.created() ? 201 : 200, out);
  }
}
