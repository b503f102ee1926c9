package io.arco.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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

  /** {@code arco serve} in a process of its own, with the URL it printed once listening. */
  private record Server(Process process, String url) {}

  private Server serveInAnotherProcess(Path dataDir) throws Exception {
    Process p =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.arco.api.Main",
                "serve",
                "--port", "0",
                "--no-local-worker",
                "--data-dir", dataDir.toString())
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
    while (true) {
      String line = lines.poll(120, TimeUnit.SECONDS);
      if (line == null) {
        p.destroyForcibly();
        throw new AssertionError("the first server never listened: " + java.nio.file.Files.readString(dir.resolve("first.err")));
      }
      if (line.startsWith("listening on ")) {
        return new Server(p, line.substring("listening on ".length()));
      }
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
