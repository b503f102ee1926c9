package io.arco.api.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.api.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document served at {@code GET /api/v1/openapi.json} (decisions §2.8, §6.9). It is
 * hand-kept in the resource {@code openapi.json} next to the code it describes and loaded once;
 * only {@code info.version} is filled in here, from the same source as {@code GET /version}.
 * {@code OpenApiHttpTest} keeps the document equal to the routes the server registers and checks
 * live answers against its schemas.
 */
public final class OpenApi {
  /** The classpath resource holding the document. */
  public static final String RESOURCE = "/openapi.json";

  private OpenApi() {}

  /** The document's JSON bytes, with {@code info.version} set to {@link OpsRoutes#VERSION}. */
  public static byte[] bytes() {
    return Holder.BYTES.clone();
  }

  private static final class Holder {
    static final byte[] BYTES = load();
  }

  private static byte[] load() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      JsonNode doc = Json.MAPPER.readTree(in);
      if (!(doc instanceof ObjectNode root) || !(root.get("info") instanceof ObjectNode info)) {
        throw new IllegalStateException(RESOURCE + " is not an OpenAPI document with an info object");
      }
      info.put("version", OpsRoutes.VERSION);
      return Json.bytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
