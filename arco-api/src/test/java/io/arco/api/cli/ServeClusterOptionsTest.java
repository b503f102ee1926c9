package io.arco.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.flow.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code arco serve}'s options for several serving nodes (decisions §7.11): {@code --node-id}
 * needs PostgreSQL and a URL the other nodes can reach; {@code --lease-seconds} is at least 1;
 * the cluster options mean nothing without {@code --node-id}. Each refusal is one clear line and
 * exit code 2, before any store is opened.
 */
@Tag("postgres")
class ServeClusterOptionsTest {
  @RegisterExtension static final TestPostgres PG = new TestPostgres();

  @TempDir Path dir;

  private record Result(int code, String err) {}

  private static Result serveHere(String... args) {
    StringWriter err = new StringWriter();
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> new CommandLine(new ServeCommand()).setErr(new PrintWriter(err, true)).execute(args));
    return new Result(code, err.toString());
  }

  @Test
  void aNodeIdWithoutAPostgresDatabaseIsRefused() {
    Result sqlite = serveHere("--node-id", "a", "--port", "8123", "--data-dir", dir.toString());
    assertThat(sqlite.code()).isEqualTo(2);
    assertThat(sqlite.err()).contains("--node-id", "needs --database-url jdbc:postgresql://");
    assertThat(Files.exists(dir.resolve("arco.db"))).isFalse();

    Result sqliteUrl =
        serveHere("--node-id", "a", "--port", "8123", "--database-url", "jdbc:sqlite:" + dir.resolve("x.db"));
    assertThat(sqliteUrl.code()).isEqualTo(2);
    assertThat(sqliteUrl.err()).contains("needs --database-url jdbc:postgresql://");
  }

  @Test
  void aNodeOnAFreePortWithoutAnAdvertiseUrlIsRefused() {
    Result r =
        serveHere("--node-id", "a", "--port", "0", "--database-url", "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--port 0 needs --advertise-url");
  }

  @Test
  void aLeaseUnderOneSecondIsRefused() {
    Result r =
        serveHere(
            "--node-id", "a", "--port", "8123", "--lease-seconds", "0",
            "--database-url", "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--lease-seconds must be a whole number of seconds, at least 1");
  }

  @Test
  void clusterOptionsWithoutANodeIdAreRefused() {
    Result r = serveHere("--advertise-url", "http://10.0.0.5:8080", "--port", "0", "--data-dir", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("apply only with --node-id");
  }

  @Test
  void anAdvertiseUrlThatIsNotAnHttpUrlIsRefused() {
    Result r =
        serveHere(
            "--node-id", "a", "--port", "0", "--advertise-url", "node-a:8080",
            "--database-url", "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("advertise URL must be an absolute http:// or https:// URL");
  }

  @Test
  void aNodeServesInClusterModeAdvertisingItsListeningUrl() throws Exception {
    int port = TestServer.freePort();
    Process p =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElseThrow(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.arco.api.Main",
                    "serve",
                    "--no-local-worker",
                    "--port",
                    String.valueOf(port),
                    "--database-url",
                    PG.newDatabase(),
                    "--node-id",
                    "node-1",
                    "--lease-seconds",
                    "3"))
            .directory(dir.toFile())
            .redirectError(dir.resolve("serve.err").toFile())
            .start();
    try {
      String url = awaitListening(p);
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/cluster")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("mode").asText()).isEqualTo("cluster");
        assertThat(body.get("nodeId").asText()).isEqualTo("node-1");
        assertThat(body.get("advertiseUrl").asText()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(body.get("leaseSeconds").asInt()).isEqualTo(3);
        assertThat(body.get("nodes").get(0).get("nodeId").asText()).isEqualTo("node-1");
      }
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private String awaitListening(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (String line = r.readLine(); line != null && System.nanoTime() < deadline; line = r.readLine()) {
      if (line.startsWith("listening on ")) {
        return line.substring("listening on ".length());
      }
    }
    throw new AssertionError("the node never listened: " + Files.readString(dir.resolve("serve.err")));
  }
}
