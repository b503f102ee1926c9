package io.arco.api.localworker;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.ServerConfig;
import io.arco.api.http.AuthConfig;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.flow.model.Scope;
import io.arco.flow.store.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded local worker runs asset commands as child processes over the public protocol. */
@SuppressWarnings("try") // the worker is a try resource only so that it is closed; bodies drive the server
class LocalWorkerTest {
  @TempDir Path workDir;

  /** The local worker's settings with a short long-poll wait, so that closing it is quick. */
  private WorkerSettings settings(int concurrency) {
    return WorkerSettings.local(workDir, concurrency).withPollWait(Duration.ofSeconds(1));
  }

  private LocalWorker startWorker(TestServer s, int concurrency) {
    return new LocalWorker(
            s.baseUrl(), new Scope("t1", "w1"), settings(concurrency), () -> Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w1"))
        .start();
  }

  private static JsonNode awaitTerminal(TestServer s, String runId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode run = s.get(s.ws() + "/runs/" + runId).body();
      String state = run.get("state").asText();
      if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run did not finish: " + s.get(s.ws() + "/runs/" + runId).raw());
  }

  private static JsonNode task(JsonNode run, String key) {
    for (JsonNode t : run.get("tasks")) {
      if (t.get("taskKey").asText().equals(key)) {
        return t;
      }
    }
    throw new AssertionError(key);
  }

  @Test
  void commandsRunWithTheirEnvironmentAndTheirOutputFileBecomesTheTaskOutput() throws Exception {
    try (TestServer s = TestServer.start();
        LocalWorker worker = (startWorker(s, 2))) {
      String write =
          "echo \"run=$ARCO_RUN_ID task=$ARCO_TASK_KEY asset=$ARCO_ASSET_KEY attempt=$ARCO_ATTEMPT\"; "
              + "printf '{\"deltaTable\":\"s.out\",\"deltaVersion\":3,\"deltaPartition\":\"p1\",\"rowCount\":9}' > \"$ARCO_OUTPUT_FILE\"";
      s.post(
          s.ws() + "/manifests",
          manifest(
              with(asset("s.up"), "execution", Map.of("command", List.of("sh", "-c", "echo up; echo oops >&2"))),
              with(asset("s.out", "s.up"), "execution", Map.of("command", write))));
      Map<String, Object> t = trigger("s.out");
      t.put("includeUpstream", true);
      String runId = s.post(s.ws() + "/runs", t).body().get("runId").asText();

      JsonNode run = awaitTerminal(s, runId);

      assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
      JsonNode out = task(run, "s.out");
      assertThat(out.get("deltaTable").asText()).isEqualTo("s.out");
      assertThat(out.get("deltaVersion").asLong()).isEqualTo(3);
      assertThat(out.get("deltaPartition").asText()).isEqualTo("p1");
      String logs = s.get(s.ws() + "/runs/" + runId + "/logs").raw();
      assertThat(logs).contains("run=" + runId + " task=s.out asset=s.out attempt=1");
      assertThat(logs).contains("--- logs/" + runId + "/s.up/attempt-1.log ---\n=== stdout ===\nup\n\n=== stderr ===\noops\n");
    }
  }

  @Test
  void inJwtModeTheWorkerPollsWithAnExpiringUserTokenAndReportsWithTheTaskToken() throws Exception {
    byte[] secret = "a-test-secret-of-enough-length-32b".getBytes(StandardCharsets.UTF_8);
    Supplier<Map<String, String>> user =
        () ->
            Map.of(
                "Authorization",
                "Bearer "
                    + JWT.create()
                        .withClaim("tenant", "t1")
                        .withClaim("workspace", "w1")
                        .withSubject("local-worker")
                        .withExpiresAt(TestServer.START.plus(Duration.ofHours(1)))
                        .sign(Algorithm.HMAC256(secret)));
    try (TestServer s =
            TestServer.start(
                new InMemoryEventStore(),
                ServerConfig.defaults().withAuth(new AuthConfig(Optional.of(secret), Optional.empty())));
        LocalWorker worker = new LocalWorker(s.baseUrl(), new Scope("t1", "w1"), settings(1), user).start()) {
      Map<String, String> h = new java.util.HashMap<>(user.get());
      h.put("Content-Type", "application/json");
      s.send("POST", s.ws() + "/manifests", Json.string(manifest(with(asset("s.a"), "execution", Map.of("command", "true")))), h);
      String runId = s.send("POST", s.ws() + "/runs", Json.string(trigger("s.a")), h).body().get("runId").asText();

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String state = "";
      while (System.nanoTime() < deadline && !state.equals("SUCCEEDED") && !state.equals("FAILED")) {
        Thread.sleep(100);
        state = s.send("GET", s.ws() + "/runs/" + runId, null, user.get()).body().path("state").asText();
      }
      assertThat(state).isEqualTo("SUCCEEDED");
    }
  }

  @Test
  void aNonZeroExitFailsRetryablyAndTheRetrySucceeds() throws Exception {
    try (TestServer s = TestServer.start();
        LocalWorker worker = (startWorker(s, 1))) {
      s.post(
          s.ws() + "/manifests",
          manifest(
              with(
                  asset("s.flaky"),
                  "execution",
                  Map.of(
                      "command", "[ \"$ARCO_ATTEMPT\" -ge 2 ] || exit 3",
                      "retry", Map.of("maxAttempts", 2, "backoffSeconds", 1, "maxBackoffSeconds", 1)))));
      String runId = s.post(s.ws() + "/runs", trigger("s.flaky")).body().get("runId").asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!task(s.get(s.ws() + "/runs/" + runId).body(), "s.flaky").path("errorMessage").asText().contains("status 3")) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(50);
      }

      s.advance(Duration.ofSeconds(1));
      JsonNode run = awaitTerminal(s, runId);

      assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(task(run, "s.flaky").get("attempt").asInt()).isEqualTo(2);
    }
  }

  @Test
  void anAssetWithoutACommandFailsWithAConfigurationError() throws Exception {
    try (TestServer s = TestServer.start();
        LocalWorker worker = (startWorker(s, 1))) {
      s.post(s.ws() + "/manifests", manifest(asset("s.none")));
      String runId = s.post(s.ws() + "/runs", trigger("s.none")).body().get("runId").asText();

      JsonNode run = awaitTerminal(s, runId);

      assertThat(run.get("state").asText()).isEqualTo("FAILED");
      assertThat(task(run, "s.none").get("errorMessage").asText()).contains("has no execution.command");
    }
  }

  private static JsonNode awaitSensorVersion(TestServer s, String sensorId, int version) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode sensor = s.get(s.ws() + "/sensors/" + sensorId).body();
      if (sensor.path("stateVersion").asInt() >= version) {
        return sensor;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sensor did not reach version " + version + ": " + s.get(s.ws() + "/sensors/" + sensorId).raw());
  }

  @Test
  void pollSensorCommandsSeeTheirCursorAndTheirOutputRequestsRuns() throws Exception {
    try (TestServer s = TestServer.start();
        LocalWorker worker = (startWorker(s, 2))) {
      // The command advances a numeric cursor and requests one run per evaluation.
      String sensorCommand =
          "n=${ARCO_SENSOR_CURSOR:-0}; next=$((n + 1)); "
              + "printf '{\"cursor\":\"%s\",\"runRequests\":[{\"runKey\":\"files-%s\"}]}' \"$next\" \"$next\" > \"$ARCO_OUTPUT_FILE\"";
      Map<String, Object> m =
          manifest(with(asset("s.files"), "execution", Map.of("command", "true")));
      m.put(
          "sensors",
          List.of(
              Map.of(
                  "id", "files",
                  "kind", "poll",
                  "assets", List.of("s.files"),
                  "minIntervalSeconds", 30,
                  "execution", Map.of("command", sensorCommand))));
      assertThat(s.post(s.ws() + "/manifests", m).status()).isEqualTo(201);

      JsonNode first = awaitSensorVersion(s, "files", 1);
      assertThat(first.get("cursor").asText()).isEqualTo("1");
      s.advance(Duration.ofSeconds(30));
      JsonNode second = awaitSensorVersion(s, "files", 2);

      assertThat(second.get("cursor").asText()).isEqualTo("2");
      assertThat(second.get("status").asText()).isEqualTo("ACTIVE");
      JsonNode runs = s.get(s.ws() + "/runs").body().get("runs");
      assertThat(runs).hasSize(2);
      assertThat(runs)
          .extracting(r -> s.get(s.ws() + "/runs/" + r.get("runId").asText()).body().get("runKey").asText())
          .containsExactlyInAnyOrder("files-1", "files-2");
    }
  }

  /**
   * A front for a server that answers 503 {@code writer_unavailable} to the first {@code failures}
   * {@code /started} and {@code /completed} reports it sees, as a cluster failing over does, and
   * passes every other request on unchanged.
   */
  private static final class FlakyFront implements AutoCloseable {
    private final com.sun.net.httpserver.HttpServer http;
    private final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    final java.util.concurrent.atomic.AtomicInteger refusals;
    final java.util.concurrent.atomic.AtomicInteger reports = new java.util.concurrent.atomic.AtomicInteger();

    FlakyFront(String target, int failures) throws java.io.IOException {
      refusals = new java.util.concurrent.atomic.AtomicInteger(failures);
      http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      http.createContext(
          "/",
          ex -> {
            String path = ex.getRequestURI().getRawPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            boolean isReport = path.endsWith("/started") || path.endsWith("/completed");
            if (isReport) {
              reports.incrementAndGet();
            }
            if (isReport && refusals.getAndDecrement() > 0) {
              byte[] refused =
                  "{\"error\":\"writer_unavailable\",\"message\":\"no writer for this workspace: failing over\"}"
                      .getBytes(StandardCharsets.UTF_8);
              ex.getResponseHeaders().add("Content-Type", "application/json");
              ex.sendResponseHeaders(503, refused.length);
              ex.getResponseBody().write(refused);
              ex.close();
              return;
            }
            var b =
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(target + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders()
                .forEach(
                    (name, values) -> {
                      if (!Set.of("host", "connection", "content-length", "upgrade", "http2-settings", "expect", "te")
                          .contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        values.forEach(v -> b.header(name, v));
                      }
                    });
            try {
              var r = client.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
              r.headers().firstValue("content-type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
              ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
              ex.getResponseBody().write(r.body());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              ex.sendResponseHeaders(502, -1);
            }
            ex.close();
          });
      http.start();
    }

    String url() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  @Test
  void reportsAnsweredUnavailableAreSentAgainUntilTheServerTakesThem() throws Exception {
    try (TestServer s = TestServer.start();
        FlakyFront front = new FlakyFront(s.baseUrl(), 3);
        LocalWorker worker =
            new LocalWorker(
                    front.url(), new Scope("t1", "w1"), settings(1), () -> Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w1"))
                .start()) {
      s.post(s.ws() + "/manifests", manifest(with(asset("s.a"), "execution", Map.of("command", List.of("true")))));
      String runId = s.post(s.ws() + "/runs", trigger("s.a")).body().get("runId").asText();

      JsonNode run = awaitTerminal(s, runId);

      assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(task(run, "s.a").get("attempt").asInt()).as("no attempt was lost to a refused report").isEqualTo(1);
      assertThat(front.reports.get()).as("three refused reports, then started and completed").isEqualTo(5);
    }
  }
}
