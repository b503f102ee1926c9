package io.arco.api.http;

import io.javalin.http.Context;
import java.util.Optional;

/** Small helpers shared by every route: the request's context, the workspace check, answers. */
public final class Http {
  public static final String REQUEST_ID = "arco.requestId";
  public static final String CONTEXT = "arco.context";
  public static final String HANDLED = "arco.errorWritten";

  private Http() {}

  public static String requestId(Context ctx) {
    String id = ctx.attribute(REQUEST_ID);
    return id == null ? "" : id;
  }

  /** The authenticated context set by the user router's before-handler. */
  public static RequestContext context(Context ctx) {
    RequestContext rc = ctx.attribute(CONTEXT);
    if (rc == null) {
      throw new IllegalStateException("request was not authenticated");
    }
    return rc;
  }

  /**
   * The workspace check of every workspace route (api-contract §1.2): the path's workspace must be
   * the caller's, else 404 {@code workspace not found}. Runs after the body is parsed (quirk kept).
   */
  public static RequestContext workspace(Context ctx) {
    RequestContext rc = context(ctx);
    if (!ctx.pathParam("ws").equals(rc.workspace())) {
      throw new ApiException(ErrorMapper.notFound("workspace not found"));
    }
    return rc;
  }

  public static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.bytes(body));
  }

  public static Optional<String> query(Context ctx, String name) {
    return Optional.ofNullable(ctx.queryParam(name));
  }

  /**
   * A query parameter naming a constant of {@code type} exactly; 400 {@code invalid query parameter
   * '{name}'} otherwise (decisions §6.1).
   */
  public static <E extends Enum<E>> Optional<E> queryEnum(Context ctx, String name, Class<E> type) {
    return query(ctx, name)
        .map(
            raw -> {
              try {
                return Enum.valueOf(type, raw);
              } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid query parameter '" + name + "'");
              }
            });
  }
}
