package io.arco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arco.flow.model.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP client of an Arco server in dev mode, as a user or a remote worker is: its own {@link
 * HttpClient} (HTTP/1.1, so a keep-alive connection is reused request after request), the
 * tenancy headers of one workspace, JSON bodies. A benchmark thread keeps one for its whole life.
 */
final class ArcoHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final String baseUrl;
  private final Scope ws;
  private final Optional<Latencies> latencies;

  /** A response: status, body bytes and the body as JSON (a missing node when it is not JSON). */
  record Response(int status, byte[] bytes, JsonNode body) {
    String raw() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    boolean ok() {
      return status / 100 == 2;
    }

    /** This response, or an exception naming the request and what came back when it is not 2xx. */
    Response expectOk(String what) {
      if (!ok()) {
        throw new IllegalStateException(what + " answered " + status + ": " + raw());
      }
      return this;
    }
  }

  ArcoHttp(String baseUrl, Scope ws) {
    this(baseUrl, ws, Optional.empty());
  }

  /** A client that records the response time of every request under its {@link #route}. */
  ArcoHttp(String baseUrl, Scope ws, Optional<Latencies> latencies) {
    this.latencies = latencies;
    this.http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.ws = ws;
  }

  /** {@code /api/v1/workspaces/{ws}} followed by {@code suffix}. */
  String workspacePath(String suffix) {
    return "/api/v1/workspaces/" + ws.workspace() + suffix;
  }

  Response get(String path) {
    return send("GET", path, request(path).GET());
  }

  Response post(String path, Object body) {
    return post(path, body, Optional.empty());
  }

  /** A POST with a JSON body, with {@code Authorization: Bearer} when a token is given. */
  Response post(String path, Object body, Optional<String> bearer) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpRequest.Builder b =
        request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    bearer.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return send("POST", path, b);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(TIMEOUT)
        .header("X-Tenant-Id", ws.tenant())
        .header("X-Workspace-Id", ws.workspace())
        .header("X-User-Id", "bench");
  }

  /**
   * The route of a request, as a latency report names it: the method and the path without the query
   * string, {@code /api/v1} or the workspace prefix, with ids replaced by placeholders, e.g. {@code
   * GET /runs/{runId}}, {@code POST /tasks/{taskId}/started}.
   */
  static String route(String method, String path) {
    int q = path.indexOf('?');
    String[] segs = (q < 0 ? path : path.substring(0, q)).split("/");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < segs.length; i++) {
      String seg = segs[i];
      String prev = i > 0 ? segs[i - 1] : "";
      if (seg.isEmpty() || (i <= 2 && (seg.equals("api") || seg.equals("v1")))) {
        continue;
      }
      if (seg.equals("workspaces") && i + 1 < segs.length) {
        i++; // the workspace id: every route of the report is in one workspace
        continue;
      }
      b.append('/')
          .append(
              switch (prev) {
                case "runs" -> seg.matches("[a-z-]+") ? seg : "{runId}";
                case "tasks" -> "{taskId}";
                default -> seg;
              });
    }
    return method + " " + (b.length() == 0 ? "/" : b.toString());
  }

  private Response send(String method, String path, HttpRequest.Builder b) {
    HttpResponse<byte[]> r;
    long t0 = System.nanoTime();
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      long took = System.nanoTime() - t0;
      latencies.ifPresent(l -> l.record(route(method, path), took, r.statusCode() / 100 == 2));
    } catch (IOException e) {
      latencies.ifPresent(l -> l.record(route(method, path), System.nanoTime() - t0, false));
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    byte[] bytes = r.body();
    JsonNode body;
    try {
      JsonNode n = bytes.length == 0 ? null : JSON.readTree(bytes);
      body = n == null ? JSON.missingNode() : n;
    } catch (IOException e) {
      body = JSON.missingNode();
    }
    return new Response(r.statusCode(), bytes, body);
  }
}
