package io.arco.api.localworker;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** A minimal JSON-over-HTTP client of the Arco API, used by the local worker and the example. */
public final class ArcoClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final Supplier<Map<String, String>> headers;

  /** A response: status and parsed JSON body (a missing node for non-JSON bodies). */
  public record Response(int status, JsonNode body) {}

  /**
   * @param headers asked once per request for the headers it authenticates with (a user token may
   *     be minted fresh each time)
   */
  public ArcoClient(String baseUrl, Supplier<Map<String, String>> headers) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.headers = headers;
  }

  /** The client's headers, then {@code extra}, which replaces any of them by name (any case). */
  private void addHeaders(HttpRequest.Builder b, Map<String, String> extra) {
    Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    all.putAll(headers.get());
    all.putAll(extra);
    all.forEach(b::header);
  }

  public Response post(String path, Object body, Map<String, String> extraHeaders, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
    addHeaders(b, extraHeaders);
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), parse(r.body()));
  }

  public Response get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
    addHeaders(b, Map.of());
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), parse(r.body()));
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      return n == null ? Json.MAPPER.missingNode() : n;
    } catch (IOException e) {
      return Json.MAPPER.missingNode();
    }
  }
}
