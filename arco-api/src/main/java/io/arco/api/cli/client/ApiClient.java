package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The client commands' HTTP client: JSON in and out, authenticated as {@link Connection.Resolved}
 * says. A non-2xx answer becomes a {@link ClientException} carrying the contract's {@code code}
 * and {@code message} ({@code 409 RUN_KEY_CONFLICT: ...}); a server that cannot be reached
 * becomes one naming the URL tried.
 */
public final class ApiClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final Connection.Resolved conn;

  /** A 2xx answer: status, parsed body (a missing node when not JSON) and response headers. */
  public record Answer(int status, JsonNode body, Map<String, java.util.List<String>> headers) {
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
          .map(e -> e.getValue().get(0))
          .findFirst();
    }
  }

  public ApiClient(Connection.Resolved conn) {
    this.conn = conn;
  }

  public Connection.Resolved connection() {
    return conn;
  }

  /** GET {@code path} (already carrying its query string). */
  public Answer get(String path) {
    return send(base(path).GET(), Map.of());
  }

  /** POST {@code body} as JSON to {@code path}. */
  public Answer post(String path, Object body) {
    return post(path, body, Map.of());
  }

  /** POST with extra headers (for example {@code Idempotency-Key}). */
  public Answer post(String path, Object body, Map<String, String> extraHeaders) {
    return send(
        base(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))),
        extraHeaders);
  }

  /** PUT {@code body} as JSON to {@code path}. */
  public Answer put(String path, Object body) {
    return send(
        base(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))),
        Map.of());
  }

  /** {@code value} percent-encoded as one path segment (a run id typed by a user, say). */
  public static String segment(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code value} percent-encoded as a query parameter value. */
  public static String query(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder base(String path) {
    URI uri;
    try {
      uri = URI.create(conn.url() + path);
    } catch (IllegalArgumentException e) {
      throw new ClientException("invalid server URL " + conn.url() + ": " + e.getMessage());
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    conn.headers().forEach(b::header);
    return b;
  }

  private Answer send(HttpRequest.Builder b, Map<String, String> extraHeaders) {
    HttpResponse<byte[]> r = exchange(b, extraHeaders);
    return new Answer(r.statusCode(), parse(r.body()), r.headers().map());
  }

  /** A 2xx plain-text answer (log reads): the body as UTF-8 and the response headers. */
  public record TextAnswer(int status, String body, Map<String, java.util.List<String>> headers) {
    public Optional<String> header(String name) {
      return new Answer(status, Json.MAPPER.missingNode(), headers).header(name);
    }
  }

  /** GET {@code path} (already carrying its query string) answering {@code text/plain}. */
  public TextAnswer getText(String path) {
    HttpResponse<byte[]> r = exchange(base(path).GET(), Map.of());
    return new TextAnswer(
        r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), r.headers().map());
  }

  /** Sends; a non-2xx answer or a network failure becomes a {@link ClientException}. */
  private HttpResponse<byte[]> exchange(HttpRequest.Builder b, Map<String, String> extraHeaders) {
    extraHeaders.forEach(b::setHeader);
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw ClientException.unavailable(
          "cannot connect to " + conn.url() + ": " + reason(e, "connection refused"));
    } catch (IOException e) {
      throw ClientException.unavailable(
          "request to " + conn.url() + " failed: " + reason(e, "I/O error"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", 130);
    }
    if (r.statusCode() == 502 || r.statusCode() == 503 || r.statusCode() == 504) {
      throw ClientException.unavailable(describeError(r.statusCode(), parse(r.body())));
    }
    if (r.statusCode() / 100 != 2) {
      throw new ClientException(describeError(r.statusCode(), parse(r.body())));
    }
    return r;
  }

  /** {@code HTTP 409 RUN_KEY_CONFLICT: message}, from the error envelope when there is one. */
  static String describeError(int status, JsonNode body) {
    String code = body.path("code").asText("");
    String message = body.path("message").asText("");
    if (code.isEmpty() && message.isEmpty()) {
      return "HTTP " + status;
    }
    return "HTTP " + status + " " + code + (message.isEmpty() ? "" : ": " + message);
  }

  private static String reason(Exception e, String fallback) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    return t.getMessage() == null || t.getMessage().isBlank() ? fallback : t.getMessage();
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return Json.MAPPER.missingNode();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      return n == null ? Json.MAPPER.missingNode() : n;
    } catch (IOException e) {
      return Json.MAPPER.missingNode();
    }
  }
}
