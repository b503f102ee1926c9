package io.arco.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.ArcoServer;
import io.arco.api.ServerConfig;
import io.arco.api.http.Json;
import io.arco.api.ops.Metrics;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.ManualClock;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.InMemoryEventStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Arco server on a free port over an in-memory (or given) store and the manual clock, its
 * metrics observing the engine as {@code arco serve}'s do, and a shared {@code java.net.http}
 * client speaking JSON with dev-mode tenancy headers.
 */
public final class TestServer implements AutoCloseable {
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Engine engine;
  private final ArcoServer server;
  private final String base;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /** A status, headers and parsed body (a text node for non-JSON bodies). */
  public record Resp(int status, HttpHeaders headers, JsonNode body, String raw) {
    public String code() {
      return body.path("code").asText();
    }

    public String message() {
      return body.path("message").asText();
    }
  }

  private TestServer(EventStore store, ServerConfig config, EngineOptions options) {
    this(store, config, options, 0);
  }

  private TestServer(EventStore store, ServerConfig config, EngineOptions options, int port) {
    Instant start = START;
    var newest = store.newestEventId().map(com.github.f4b6a3.ulid.Ulid::getInstant);
    if (newest.isPresent() && newest.get().isAfter(start)) {
      start = newest.get();
    }
    Metrics metrics = Metrics.create();
    this.engine = Engine.open(store, new ManualClock(start), metrics.observing(options));
    this.server = ArcoServer.create(engine, config, metrics).start("127.0.0.1", port);
    this.base = "http://127.0.0.1:" + server.port();
    headers.put("X-Tenant-Id", "t1");
    headers.put("X-Workspace-Id", "w1");
    headers.put("X-User-Id", "alice");
  }

  private static EngineOptions manualOptions() {
    return EngineOptions.defaults().withTickInterval(Duration.ZERO);
  }

  public static TestServer start() {
    return new TestServer(new InMemoryEventStore(), ServerConfig.defaults(), manualOptions());
  }

  public static TestServer start(EventStore store) {
    return new TestServer(store, ServerConfig.defaults(), manualOptions());
  }

  public static TestServer start(EventStore store, ServerConfig config) {
    return new TestServer(store, config, manualOptions());
  }

  public static TestServer start(EventStore store, ServerConfig config, EngineOptions options) {
    return new TestServer(store, config, options);
  }

  /**
   * A server on a given port (a cluster node's advertised URL must be known before its engine
   * opens; see {@link #freePort}).
   */
  public static TestServer start(EventStore store, ServerConfig config, EngineOptions options, int port) {
    return new TestServer(store, config, options, port);
  }

  /** A port free right now on the loopback address. */
  public static int freePort() {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Engine engine() {
    return engine;
  }

  /** The running server (for its registered routes). */
  public ArcoServer server() {
    return server;
  }

  public String baseUrl() {
    return base;
  }

  /** Workspace path prefix {@code /api/v1/workspaces/w1}. */
  public String ws() {
    return "/api/v1/workspaces/w1";
  }

  /** A value as the JSON tree the server would write, for comparing with response bodies. */
  public JsonNode json(Object value) {
    return Json.MAPPER.valueToTree(value);
  }

  public Resp get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  public Resp post(String path, Object body) {
    return post(path, body, Map.of());
  }

  public Resp post(String path, Object body, Map<String, String> extra) {
    byte[] bytes = body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : Json.bytes(body);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(extra);
    return send(b, all);
  }

  public Resp put(String path, Object body) {
    return put(path, body, Map.of());
  }

  public Resp put(String path, Object body, Map<String, String> extra) {
    byte[] bytes = body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : Json.bytes(body);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(extra);
    return send(b, all);
  }

  /** A raw request with exactly the given headers (for auth and content-type tests). */
  public Resp send(String method, String path, String body, Map<String, String> exactHeaders) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return send(b, exactHeaders);
  }

  private Resp send(HttpRequest.Builder b, Map<String, String> hs) {
    hs.forEach(b::header);
    try {
      HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body;
      try {
        body = r.body().isEmpty() ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(r.body());
      } catch (IOException e) {
        body = Json.MAPPER.getNodeFactory().textNode(r.body());
      }
      return new Resp(r.statusCode(), r.headers(), body, r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Deploys a manifest of these assets and triggers one run of {@code keys}; answers its run id. */
  public String deployAndTrigger(List<Map<String, Object>> assets, String... keys) {
    Map<String, Object> manifest = Fixtures.manifest();
    manifest.put("assets", assets);
    Resp deployed = post(ws() + "/manifests", manifest);
    if (deployed.status() != 201) {
      throw new AssertionError("deploy failed: " + deployed.raw());
    }
    Resp r = post(ws() + "/runs", Fixtures.trigger(keys));
    if (r.status() != 201) {
      throw new AssertionError("trigger failed: " + r.raw());
    }
    return r.body().get("runId").asText();
  }

  /** Moves the manual clock forward over HTTP and answers the new time. */
  public Instant advance(Duration d) {
    Resp r = post("/api/v1/debug/clock", Map.of("advanceMs", d.toMillis()));
    if (r.status() != 200) {
      throw new AssertionError("clock move failed: " + r.raw());
    }
    return Instant.parse(r.body().get("now").asText());
  }

  @Override
  public void close() {
    server.stop();
    engine.close();
  }
}
