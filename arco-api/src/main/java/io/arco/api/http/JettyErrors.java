package io.arco.api.http;

import com.github.f4b6a3.ulid.UlidCreator;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (requests refused before they reach Javalin: a malformed URI, an
 * illegal character in a header, headers too large) as the standard JSON envelope {@code {code,
 * message, requestId}} with the {@code x-request-id} header, instead of Jetty's HTML page
 * (decisions §1: every error body is the envelope).
 */
public final class JettyErrors extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    String rid = request.getHeaders().get("X-Request-Id");
    if (rid == null || rid.isBlank()) {
      rid = UlidCreator.getMonotonicUlid().toString();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code(status));
    body.put("message", message == null || message.isBlank() ? reason(status) : message);
    body.put("requestId", rid);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put("x-request-id", rid);
    response.write(true, ByteBuffer.wrap(Json.bytes(body)), callback);
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      default ->
          status >= 500
              ? "INTERNAL"
              : reason(status).toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    };
  }

  private static String reason(int status) {
    String r = HttpStatus.getMessage(status);
    return r == null ? "request failed" : r;
  }
}
