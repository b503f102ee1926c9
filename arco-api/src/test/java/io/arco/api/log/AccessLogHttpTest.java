package io.arco.api.log;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The access log ({@code arco serve --access-log}): one line per answered request with its method,
 * path, route template, status, duration and request id; a JSON object in the json format.
 */
class AccessLogHttpTest {
  private final StringWriter out = new StringWriter();

  private TestServer serverLogging(LogFormat format) {
    TestServer s = TestServer.start();
    ServerLog log = new ServerLog(format, new PrintWriter(out), new PrintWriter(new StringWriter()));
    s.server().onRequest(log::request);
    return s;
  }

  /** The lines logged so far; the request logger runs once the answer is sent, so wait for it. */
  private List<String> lines(int atLeast) throws InterruptedException {
    for (int i = 0; i < 500 && out.toString().lines().count() < atLeast; i++) {
      Thread.sleep(10);
    }
    return out.toString().lines().toList();
  }

  @Test
  void inJsonEachRequestIsOneObjectWithRouteStatusDurationAndRequestId() throws Exception {
    try (TestServer s = serverLogging(LogFormat.JSON)) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")), Map.of("X-Request-Id", "req-1"));
      s.send("GET", s.ws() + "/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV", null, Map.of("X-Request-Id", "req-2"));

      List<JsonNode> lines = lines(2).stream().map(AccessLogHttpTest::parse).toList();

      assertThat(lines).hasSize(2);
      JsonNode deploy = lines.get(0);
      assertThat(deploy.get("level").asText()).isEqualTo("INFO");
      assertThat(deploy.get("logger").asText()).isEqualTo("arco.access");
      assertThat(deploy.get("event").asText()).isEqualTo("http_request");
      assertThat(deploy.get("method").asText()).isEqualTo("POST");
      assertThat(deploy.get("path").asText()).isEqualTo("/api/v1/workspaces/w1/manifests");
      assertThat(deploy.get("route").asText()).isEqualTo("/api/v1/workspaces/{ws}/manifests");
      assertThat(deploy.get("status").asInt()).isEqualTo(201);
      assertThat(deploy.get("durationMs").isNumber()).isTrue();
      assertThat(deploy.get("requestId").asText()).isEqualTo("req-1");
      assertThat(deploy.get("msg").asText()).startsWith("http POST /api/v1/workspaces/w1/manifests 201 ");
      JsonNode refused = lines.get(1);
      assertThat(refused.get("route").asText()).isEqualTo("/api/v1/workspaces/{ws}/runs/{runId}");
      assertThat(refused.get("status").asInt()).isEqualTo(401);
      assertThat(refused.get("requestId").asText()).isEqualTo("req-2");
    }
  }

  @Test
  void inTextEachRequestIsOnePlainLine() throws Exception {
    try (TestServer s = serverLogging(LogFormat.TEXT)) {
      s.send("GET", "/health", null, Map.of("X-Request-Id", "req-9"));

      assertThat(lines(1)).singleElement().asString().matches("http GET /health 200 \\d+\\.\\d{3}ms request=req-9");
    }
  }

  private static JsonNode parse(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
