package io.arco.api.manifest;

import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.DeployResult;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.ManifestSummary;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/v1/workspaces/{ws}/manifests}: deploy (201, or 200 on replay), list and get. */
public final class ManifestRoutes {
  private static final String MANIFESTS = "/api/v1/workspaces/{ws}/manifests";

  private ManifestRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine) {
    r.post(MANIFESTS, ctx -> deploy(ctx, engine));
    r.get(MANIFESTS, ctx -> list(ctx, engine));
    r.get(MANIFESTS + "/{manifestId}", ctx -> get(ctx, engine));
  }

  private static void deploy(Context ctx, Engine engine) {
    JsonBody body = JsonBody.read(ctx, JsonBody.LARGE_LIMIT);
    RequestContext rc = Http.workspace(ctx);
    DeployResult d =
        engine.deployManifest(
            rc.scope(), body.node(), Optional.ofNullable(ctx.header("Idempotency-Key")), rc.principal());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("manifestId", d.manifestId());
    out.put("workspaceId", d.workspaceId());
    out.put("codeVersionId", d.codeVersionId());
    out.put("fingerprint", d.fingerprint());
    out.put("assetCount", d.assetCount());
    out.put("deployedAt", d.deployedAt());
    Http.json(ctx, d.created() ? 201 : 200, out);
  }

  private static void list(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    List<Map<String, Object>> items =
        engine.listManifests(rc.scope()).stream().map(ManifestRoutes::item).toList();
    Http.json(ctx, 200, Map.of("manifests", items));
  }

  private static Map<String, Object> item(ManifestSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("manifestId", s.manifestId());
    m.put("codeVersionId", s.codeVersionId());
    m.put("fingerprint", s.fingerprint());
    m.put("assetCount", s.assetCount());
    m.put("gitBranch", s.gitBranch());
    m.put("gitCommit", s.gitCommit());
    m.put("deployedAt", s.deployedAt());
    m.put("deployedBy", s.deployedBy());
    return m;
  }

  private static void get(Context ctx, Engine engine) {
    RequestContext rc = Http.workspace(ctx);
    Http.json(ctx, 200, engine.manifestDocument(rc.scope(), ctx.pathParam("manifestId")));
  }
}
