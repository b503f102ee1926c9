package io.arco.api.ops;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.ArcoServer;
import io.arco.api.ServerConfig;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.SystemMillisClock;
import io.arco.flow.store.InMemoryEventStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsHttpTest {
  @Test
  void healthReadyAndVersionAnswerWithoutAuthentication() {
    try (TestServer s = TestServer.start()) {
      var exact = Map.<String, String>of();
      assertThat(s.send("GET", "/health", null, exact).raw()).isEqualTo("{\"status\":\"ok\"}");
      TestServer.Resp ready = s.send("GET", "/ready", null, exact);
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.body().get("ready").asBoolean()).isTrue();
      TestServer.Resp version = s.send("GET", "/version", null, exact);
      assertThat(version.body().get("service").asText()).isEqualTo("arco-api");
      assertThat(version.body().fieldNames())
          .toIterable()
          .contains("packageVersion", "codeVersion", "gitSha", "image", "cloudRunRevision");
    }
  }

  @Test
  void metricsExportRequestCountsAndRunsByStateInPrometheusText() {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      s.post(s.ws() + "/runs", trigger("s.a"));

      TestServer.Resp m = s.send("GET", "/metrics", null, Map.of());

      assertThat(m.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      assertThat(m.raw()).contains("# TYPE arco_http_requests_total counter");
      assertThat(m.raw()).contains("arco_http_requests_total{status=\"2xx\"}");
      assertThat(m.raw()).contains("arco_runs{state=\"RUNNING\",tenant=\"t1\",workspace=\"w1\"} 1.0");
      assertThat(m.raw()).contains("arco_open_runs{tenant=\"t1\",workspace=\"w1\"} 1.0");
    }
  }

  @Test
  void theDebugClockReadsAndMovesForwardOnly() {
    try (TestServer s = TestServer.start()) {
      assertThat(s.get("/api/v1/debug/clock").body().get("now").asText()).isEqualTo(TestServer.START.toString());
      TestServer.Resp moved = s.post("/api/v1/debug/clock", Map.of("advanceMs", 1500));
      assertThat(moved.status()).isEqualTo(200);
      assertThat(moved.body().get("now").asText()).isEqualTo(TestServer.START.plusMillis(1500).toString());
      TestServer.Resp to = s.post("/api/v1/debug/clock", Map.of("now", "2026-01-02T00:00:00Z"));
      assertThat(to.body().get("now").asText()).isEqualTo("2026-01-02T00:00:00Z");

      TestServer.Resp back = s.post("/api/v1/debug/clock", Map.of("now", "2026-01-01T00:00:00Z"));
      assertThat(back.status()).isEqualTo(400);
      assertThat(back.code()).isEqualTo("BAD_REQUEST");
      assertThat(back.message()).isEqualTo("clock can only move forward");
    }
  }

  @Test
  void theDebugClockIsNotFoundUnderTheSystemClock() throws Exception {
    Engine engine =
        Engine.open(new InMemoryEventStore(), new SystemMillisClock(), EngineOptions.defaults().withTickInterval(Duration.ZERO));
    ArcoServer server = ArcoServer.create(engine, ServerConfig.defaults()).start("127.0.0.1", 0);
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI clock = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/debug/clock");
      HttpResponse<String> read =
          http.send(HttpRequest.newBuilder(clock).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> move =
          http.send(
              HttpRequest.newBuilder(clock)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"advanceMs\":86400000}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(read.statusCode()).isEqualTo(404);
      assertThat(read.body()).contains("\"code\":\"NOT_FOUND\"");
      JsonNode readBody = Json.MAPPER.readTree(read.body());
      assertThat(readBody.get("message").asText()).isEqualTo("route not found");
      assertThat(move.statusCode()).isEqualTo(404);
      JsonNode moveBody = Json.MAPPER.readTree(move.body());
      assertThat(moveBody.get("code").asText()).isEqualTo("NOT_FOUND");
      assertThat(moveBody.get("message").asText()).isEqualTo("route not found");
      // The refused move left the engine on the wall clock: a day's move would put it far ahead.
      Instant engineNow = engine.now();
      assertThat(engineNow).isBeforeOrEqualTo(Instant.now());
    } finally {
      server.stop();
      engine.close();
    }
  }
}
