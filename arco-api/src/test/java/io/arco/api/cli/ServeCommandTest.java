package io.arco.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.Fixtures;
import io.arco.api.testing.TestServer;
import io.arco.flow.store.SqliteEventStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void devModeRefusesANonLoopbackAddressUnlessForced() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute("--host", "0.0.0.0", "--port", "0", "--data-dir", dir.toString()));
    assertThat(code).isEqualTo(2);
  }

  @Test
  void anUnknownClockIsRefused() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute("--clock", "sundial", "--port", "0", "--data-dir", dir.toString()));
    assertThat(code).isEqualTo(2);
  }

  @Test
  void bothJwtModesAtOnceAreRefused() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute(
                        "--jwt-hs256-secret", "s3cret",
                        "--jwt-rs256-public-key", dir.resolve("key.pem").toString(),
                        "--port", "0", "--data-dir", dir.toString()));
    assertThat(code).isEqualTo(2);
  }

  @Test
  void aDatabaseUrlOfAnUnsupportedKindIsRefused() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute("--port", "0", "--database-url", "jdbc:mysql://localhost/arco"));
    assertThat(code).isEqualTo(2);
  }

  @Test
  void anUnreachablePostgresDatabaseIsAnErrorBeforeAnythingStarts() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute(
                        "--port", "0",
                        "--database-url", "jdbc:postgresql://127.0.0.1:1/arco?user=u&password=p"));
    assertThat(code).isEqualTo(1);
  }

  /** Runs {@code arco serve} in this JVM; answers its exit code and what it wrote to stderr. */
  private static Result serveHere(String... args) {
    StringWriter err = new StringWriter();
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> new CommandLine(new ServeCommand()).setErr(new PrintWriter(err, true)).execute(args));
    return new Result(code, err.toString());
  }

  private record Result(int code, String err) {}

  /**
   * {@code arco serve} in a process of its own, with the URL it printed once listening, the lines
   * it printed before, and the lines it prints after, as they come.
   */
  private record Server(Process process, String url, List<String> before, BlockingQueue<String> after) {}

  private Server serveInAnotherProcess(Path dataDir) throws Exception {
    return serveInAnotherProcess("--no-local-worker", "--data-dir", dataDir.toString());
  }

  private Server serveInAnotherProcess(String... options) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                // As the jar's manifest does (Enable-Native-Access): no JVM warning when SQLite loads.
                "--enable-native-access=ALL-UNNAMED",
                "io.arco.api.Main",
                "serve",
                "--port",
                "0"));
    command.addAll(List.of(options));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(dir.resolve("first.err").toFile())
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                // The process ended.
              }
            });
    List<String> before = new ArrayList<>();
    while (true) {
      String line = lines.poll(120, TimeUnit.SECONDS);
      if (line == null) {
        p.destroyForcibly();
        throw new AssertionError("the first server never listened: " + java.nio.file.Files.readString(dir.resolve("first.err")));
      }
      if (line.startsWith("listening on ")) {
        return new Server(p, line.substring("listening on ".length()), before, lines);
      }
      if (line.startsWith("{") && Json.MAPPER.readTree(line).path("event").asText().equals("listening")) {
        return new Server(p, Json.MAPPER.readTree(line).get("url").asText(), before, lines);
      }
      before.add(line);
    }
  }

  private static int health(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }

  @Test
  void aSecondServerOnTheSameDataDirectoryExitsOneNamingTheFirstWhichKeepsServing() throws Exception {
    Path data = dir.resolve("data");
    Server first = serveInAnotherProcess(data);
    try {
      Result second = serveHere("--port", "0", "--no-local-worker", "--data-dir", data.toString());

      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err())
          .isEqualTo(
              "error: store in use by another process (pid " + first.process().pid() + ")"
                  + System.lineSeparator());
      assertThat(health(first.url())).isEqualTo(200);

      first.process().destroy(); // SIGTERM
      assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(first.process().exitValue()).as("a clean shutdown").isZero();
    } finally {
      first.process().destroyForcibly();
    }
    // The lock went with the process: the store opens again.
    SqliteEventStore.open(data.resolve("arco.db")).close();
  }

  @Test
  void aSigtermAsSoonAsListeningOnIsPrintedIsACleanShutdownWithAFinalSnapshot() throws Exception {
    Path data = dir.resolve("data");
    try (TestServer s = TestServer.start(SqliteEventStore.open(data.resolve("arco.db")))) {
      s.post(s.ws() + "/manifests", io.arco.api.testing.Fixtures.manifest(io.arco.api.testing.Fixtures.asset("s.a")));
      assertThat(s.post(s.ws() + "/runs", io.arco.api.testing.Fixtures.trigger("s.a")).status()).isEqualTo(201);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("arco.db"));
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM snapshots");
    }
    // With the local worker (the default) and JWT mode, start-up has work to do after the server
    // listens; the shutdown hook must already be in place when the line appears.
    Server server =
        serveInAnotherProcess("--data-dir", data.toString(), "--jwt-hs256-secret", "a-test-secret-of-enough-length-32b");
    try {
      server.process().destroy(); // SIGTERM, at once

      assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(server.process().exitValue())
          .as("a clean shutdown: %s", java.nio.file.Files.readString(dir.resolve("first.err")))
          .isZero();
    } finally {
      server.process().destroyForcibly();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("arco.db"));
        Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM snapshots")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("the final snapshot").isPositive();
    }
  }

  @Test
  void theMetricsPortServesEveryWorkspaceWithoutATokenAndIsPrintedBeforeListeningOn() throws Exception {
    Server server =
        serveInAnotherProcess(
            "--no-local-worker",
            "--data-dir", dir.resolve("data").toString(),
            "--jwt-hs256-secret", "a-test-secret-of-enough-length-32b",
            "--metrics-port", "0");
    try {
      assertThat(server.before()).hasSize(1);
      assertThat(server.before().get(0)).matches("metrics on http://127\\.0\\.0\\.1:\\d+/metrics");
      String metricsUrl = server.before().get(0).substring("metrics on ".length());
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> open =
            http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains("# TYPE arco_http_requests_total counter");
        HttpResponse<String> guarded =
            http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(guarded.statusCode()).as("the public /metrics in JWT mode").isEqualTo(401);
      }
    } finally {
      server.process().destroy();
      assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      server.process().destroyForcibly();
    }
  }

  /** The next line printed that satisfies {@code wanted}, parsed; fails after 60 s. */
  private static JsonNode nextJson(BlockingQueue<String> lines, List<JsonNode> seen, java.util.function.Predicate<JsonNode> wanted)
      throws Exception {
    while (true) {
      String line = lines.poll(60, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("no line satisfying the wait; seen: " + seen);
      }
      JsonNode json = Json.MAPPER.readTree(line);
      assertThat(json.isObject()).as("a JSON object: %s", line).isTrue();
      seen.add(json);
      if (wanted.test(json)) {
        return json;
      }
    }
  }

  private static HttpResponse<String> send(HttpClient http, String url, String method, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("X-Tenant-Id", "local")
            .header("X-Workspace-Id", "default")
            .header("X-User-Id", "test")
            .header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withLogFormatJsonEveryLineIsOneJsonObjectAndTheListeningLineCarriesTheUrl() throws Exception {
    Server server =
        serveInAnotherProcess(
            "--no-local-worker", "--data-dir", dir.resolve("data").toString(), "--log-format", "json", "--access-log");
    List<JsonNode> seen = new ArrayList<>();
    try (HttpClient http = HttpClient.newHttpClient()) {
      assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+");
      for (String line : server.before()) {
        assertThat(Json.MAPPER.readTree(line).isObject()).as(line).isTrue();
      }
      String ws = server.url() + "/api/v1/workspaces/default";
      assertThat(send(http, ws + "/manifests", "POST", Fixtures.manifest(Fixtures.asset("s.a"))).statusCode()).isEqualTo(201);
      HttpResponse<String> run = send(http, ws + "/runs", "POST", Fixtures.trigger("s.a"));
      assertThat(run.statusCode()).isEqualTo(201);
      String runId = Json.MAPPER.readTree(run.body()).get("runId").asText();

      JsonNode ready = nextJson(server.after(), seen, j -> j.path("event").asText().equals("task_transition"));
      assertThat(ready.get("level").asText()).isEqualTo("INFO");
      assertThat(ready.get("logger").asText()).isEqualTo("arco.transitions");
      assertThat(ready.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(ready.get("runId").asText()).isEqualTo(runId);
      assertThat(ready.get("taskKey").asText()).isEqualTo("s.a");
      assertThat(ready.get("from").asText()).isEqualTo("NEW");
      assertThat(ready.get("state").asText()).isEqualTo("READY");
      assertThat(ready.get("tenant").asText()).isEqualTo("local");
      assertThat(ready.get("msg").asText()).isEqualTo("run " + runId + " task s.a: NEW -> READY");
      JsonNode running = nextJson(server.after(), seen, j -> j.path("event").asText().equals("run_transition"));
      assertThat(running.get("state").asText()).isEqualTo("RUNNING");

      assertThat(send(http, server.url() + "/health", "GET", null).statusCode()).isEqualTo(200);
      JsonNode access =
          nextJson(server.after(), seen, j -> j.path("event").asText().equals("http_request") && j.path("path").asText().equals("/health"));
      assertThat(access.get("route").asText()).isEqualTo("/health");
      assertThat(access.get("status").asInt()).isEqualTo(200);
      assertThat(access.get("requestId").asText()).isNotEmpty();

      // SIGTERM through the handle: Process.destroy() would also close our end of its output.
      server.process().toHandle().destroy();
      assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(server.process().exitValue()).isZero();
      JsonNode stopped = nextJson(server.after(), seen, j -> j.path("event").asText().equals("stopped"));
      assertThat(stopped.get("msg").asText()).isEqualTo("arco stopped");
    } finally {
      server.process().destroyForcibly();
    }
    // Standard error, where the libraries log through SLF4J, is JSON lines too.
    List<String> errLines = java.nio.file.Files.readAllLines(dir.resolve("first.err"));
    List<JsonNode> errs = new ArrayList<>();
    for (String line : errLines) {
      JsonNode json = Json.MAPPER.readTree(line);
      assertThat(json.isObject()).as(line).isTrue();
      errs.add(json);
    }
    assertThat(errs)
        .anySatisfy(
            j -> {
              assertThat(j.get("logger").asText()).isEqualTo("io.arco.flow.engine.Engine");
              assertThat(j.get("level").asText()).isEqualTo("INFO");
              assertThat(j.get("msg").asText()).isEqualTo("engine closed");
            });
  }

  @Test
  void anUnknownLogFormatIsRefused() {
    Result r = serveHere("--log-format", "xml", "--port", "0", "--data-dir", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: --log-format must be text or json" + System.lineSeparator());
  }

  @Test
  void devModeRefusesANonLoopbackMetricsHostUnlessForced() {
    Result r =
        serveHere(
            "--port", "0", "--metrics-port", "0", "--metrics-host", "0.0.0.0", "--no-local-worker",
            "--data-dir", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("refuses to bind the non-loopback address 0.0.0.0");
  }

  @Test
  void aStoreThatFailsItsStartUpChecksIsOneErrorLineAndExitCodeOne() throws Exception {
    Path data = dir.resolve("data");
    try (TestServer s =
        TestServer.start(SqliteEventStore.open(data.resolve("arco.db")))) {
      s.post(s.ws() + "/manifests", io.arco.api.testing.Fixtures.manifest(io.arco.api.testing.Fixtures.asset("s.a")));
      for (int i = 0; i < 3; i++) {
        assertThat(s.post(s.ws() + "/runs", io.arco.api.testing.Fixtures.trigger("s.a")).status()).isEqualTo(201);
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("arco.db"));
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM events WHERE seq = 3");
      st.execute("DELETE FROM snapshots");
    }

    Result r = serveHere("--port", "0", "--no-local-worker", "--data-dir", data.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "error: store check failed for workspace t1/w1 at sequence 3: the event is missing (the"
                + " log goes from sequence 2 to 4)");
    // The refusal released the store.
    SqliteEventStore.open(data.resolve("arco.db")).close();
  }
}
