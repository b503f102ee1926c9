package io.arco.api.ui;

import io.arco.api.http.ApiException;
import io.arco.api.http.ErrorMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;

/**
 * The web UI's three routes. They are not part of the HTTP API: the OpenAPI document leaves them
 * out, and {@link #PATHS} lets its test tell them apart from the API's routes.
 *
 * <ul>
 *   <li>{@code GET /} answers 302 to {@code /ui};
 *   <li>{@code GET /ui} answers the page with {@code Cache-Control: no-cache}, so a new server's
 *       version is picked up at the next load;
 *   <li>{@code GET /ui/{version}/<file>} answers a script, style sheet or image of the current
 *       version with {@code Cache-Control: public, max-age=31536000, immutable}; another version or
 *       an unknown file is 404 {@code route not found}, like any unknown path.
 * </ul>
 *
 * Every answer carries a Content-Security-Policy that allows only the server's own scripts, styles
 * and API ({@code 'self'}), and {@code X-Content-Type-Options: nosniff}.
 */
public final class UiRoutes {
  /** The paths the UI registers, as Javalin records them. */
  public static final List<String> PATHS = List.of("/", "/ui", "/ui/{version}/<file>");

  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private UiRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, UiAssets assets) {
    r.get("/", ctx -> ctx.redirect("/ui", io.javalin.http.HttpStatus.FOUND));
    r.get(
        "/ui",
        ctx -> {
          common(ctx);
          ctx.header("Cache-Control", "no-cache");
          ctx.contentType("text/html; charset=utf-8").result(assets.page());
        });
    r.get(
        "/ui/{version}/<file>",
        ctx -> {
          String file = ctx.pathParam("file");
          if (!ctx.pathParam("version").equals(assets.version())) {
            throw new ApiException(ErrorMapper.notFound("route not found"));
          }
          byte[] bytes = assets.file(file).orElseThrow(() -> new ApiException(ErrorMapper.notFound("route not found")));
          String type =
              UiAssets.contentType(file).orElseThrow(() -> new ApiException(ErrorMapper.notFound("route not found")));
          common(ctx);
          ctx.header("Cache-Control", IMMUTABLE);
          ctx.header("ETag", "\"" + assets.version() + "\"");
          ctx.contentType(type).result(bytes);
        });
  }

  private static void common(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
  }
}
