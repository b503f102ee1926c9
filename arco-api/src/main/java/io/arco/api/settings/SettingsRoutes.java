package io.arco.api.settings;

import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.WorkspaceSettingsRequest;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Optional;

/**
 * {@code /api/v1/workspaces/{ws}/settings} (decisions §2.7, §6.6): {@code GET} answers the run-queue
 * settings, {@code PUT {maxConcurrentRuns?: int ≥ 1, labelLimits?: [{label, value?, limit ≥ 1}]}}
 * replaces them and answers the document now in force (an optional {@code Idempotency-Key} makes a
 * repeat a replay). Both answer 200 {@code {maxConcurrentRuns?, labelLimits}}. Wrong JSON types
 * are 422 ({@link SettingsJson#request}); bad values are the engine's 400s naming the field.
 */
public final class SettingsRoutes {
  private static final String SETTINGS = "/api/v1/workspaces/{ws}/settings";

  private SettingsRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine) {
    r.get(
        SETTINGS,
        ctx -> {
          RequestContext rc = Http.workspace(ctx);
          Http.json(ctx, 200, SettingsJson.from(engine.workspaceSettings(rc.scope())));
        });
    r.put(
        SETTINGS,
        ctx -> {
          WorkspaceSettingsRequest request =
              SettingsJson.request(JsonBody.read(ctx, JsonBody.DEFAULT_LIMIT));
          RequestContext rc = Http.workspace(ctx);
          Http.json(
              ctx,
              200,
              SettingsJson.from(
                  engine.putWorkspaceSettings(
                      rc.scope(), request, Optional.ofNullable(ctx.header("Idempotency-Key")))));
        });
  }
}
