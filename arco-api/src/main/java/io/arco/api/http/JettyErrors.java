package io.arco.api.http;

import com.github.f4b6a3.ulid.UlidCreator;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (requests refused before they reach Javalin: a malformed URI, an
 * illegal character in a header, headers too large) as the standard JSON envelope {@code {code,
 * message, requestId}} with the {@code x-request-id} header, instead of Jetty's HTML page
 * (decisions §1: every error body is the envelope), built by {@link ErrorMapper}.
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
    ApiError error =
        ErrorMapper.forStatus(
            status, message == null || message.isBlank() ? ErrorMapper.reason(status) : message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put("x-request-id", rid);
    response.write(true, ByteBuffer.wrap(Json.bytes(ErrorMapper.envelope(error, rid))), callback);
  }
}
