package io.arco.api.cli.client;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.localworker.LocalWorker;
import io.arco.api.localworker.WorkerSettings;
import io.arco.api.testing.TestServer;
import io.arco.flow.model.Scope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code arco logs} against a real server: the uploaded logs page by page as the server writes
 * them, filtered by task and attempt, the output of a running attempt so far, and with {@code
 * --follow} its output as it comes until the run ends; errors are one line.
 */
class LogsCommandTest {
  @TempDir Path dir;
  private final TestServer server = TestServer.start();
  private LocalWorker worker;
  private Path config;

  @BeforeEach
  void emptyConfig() throws Exception {
    config = Files.writeString(dir.resolve("config.json"), "{}");
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    server.close();
  }

  /** What one {@code arco logs} printed and its exit code. */
  record Result(int code, String out, String err) {}

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CompletableFuture<Result> start(String... args) {
    List<String> all =
        new ArrayList<>(List.of("--url", server.baseUrl(), "--workspace", "w1", "--tenant", "t1", "--config", config.toString()));
    all.addAll(List.of(args));
    CommandLine cl =
        new CommandLine(new LogsCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return CompletableFuture.supplyAsync(
        () -> new Result(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString()),
        r -> Thread.ofPlatform().daemon().start(r));
  }

  private Result logs(String... args) throws Exception {
    return start(args).get(60, TimeUnit.SECONDS);
  }

  private void startWorker() {
    worker =
        new LocalWorker(
                server.baseUrl(),
                new Scope("t1", "w1"),
                WorkerSettings.local(dir, 2).withPollWait(Duration.ofSeconds(1)),
                () -> Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w1"))
            .start();
  }

  private String runOf(String command) {
    return server.deployAndTrigger(List.of(with(asset("s.a"), "execution", Map.of("command", command))), "s.a");
  }

  private void upload(String runId, String taskKey, int attempt, String stdout) {
    TestServer.Resp r =
        server.post(server.ws() + "/runs/" + runId + "/logs", Map.of("taskKey", taskKey, "attempt", attempt, "stdout", stdout));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  /** The contract's read route, every page of 50, concatenated. */
  private String allPages(String runId) {
    StringBuilder b = new StringBuilder();
    String query = "";
    while (true) {
      TestServer.Resp page = server.get(server.ws() + "/runs/" + runId + "/logs" + query);
      b.append(page.raw());
      var next = page.headers().firstValue("x-arco-next-cursor");
      if (next.isEmpty()) {
        return b.toString();
      }
      query = "?cursor=" + next.get();
    }
  }

  private void awaitOut(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out.toString().contains(text)) {
      assertThat(System.nanoTime()).as("waiting for '%s' in %s / %s", text, out, err).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private String awaitRunState(String runId, String state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      JsonNode run = server.get(server.ws() + "/runs/" + runId).body();
      if (run.path("state").asText().equals(state)) {
        return state;
      }
      assertThat(System.nanoTime()).as("run %s to reach %s: %s", runId, state, run).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void printsEveryPageOfTheUploadedLogsAsTheServerWritesThem() throws Exception {
    String runId = runOf("true");
    for (int attempt = 1; attempt <= 205; attempt++) {
      upload(runId, "s.a", attempt, "line of attempt " + attempt + "\n");
    }

    Result r = logs(runId);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(allPages(runId));
    assertThat(r.out()).contains("--- logs/" + runId + "/s.a/attempt-205.log ---\n=== stdout ===\nline of attempt 205\n");
  }

  @Test
  void taskAndAttemptSelectOneAttemptsLog() throws Exception {
    String runId = runOf("true");
    upload(runId, "s.a", 1, "first try\n");
    upload(runId, "s.a", 2, "--- logs/" + runId + "/s.a/attempt-9.log ---\nnot a header\n");
    upload(runId, "s.b", 2, "other task\n");

    Result r = logs(runId, "--task", "s.a", "--attempt", "2");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "--- logs/" + runId + "/s.a/attempt-2.log ---\n=== stdout ===\n--- logs/" + runId
                + "/s.a/attempt-9.log ---\nnot a header\n\n=== stderr ===\n\n");
  }

  @Test
  void jsonOutputIsOneObjectPerLog() throws Exception {
    String runId = runOf("true");
    upload(runId, "s.a", 1, "hello\n");

    Result r = logs(runId, "--output", "json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode line = Json.MAPPER.readTree(r.out());
    assertThat(line.get("taskKey").asText()).isEqualTo("s.a");
    assertThat(line.get("attempt").asInt()).isEqualTo(1);
    assertThat(line.get("path").asText()).isEqualTo("logs/" + runId + "/s.a/attempt-1.log");
    assertThat(line.get("log").asText()).isEqualTo("=== stdout ===\nhello\n\n=== stderr ===\n\n");
  }

  @Test
  void withoutFollowARunningAttemptsOutputSoFarIsPrinted() throws Exception {
    startWorker();
    String runId = runOf("echo first; printf 'half a line'; while [ ! -f go ]; do sleep 0.05; done");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Result r;
    do {
      assertThat(System.nanoTime()).as("live output of " + runId).isLessThan(deadline);
      Thread.sleep(50);
      out.getBuffer().setLength(0);
      r = logs(runId);
    } while (!r.out().contains("half a line"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("[s.a #1] first\n[s.a #1] half a line\n");
    Files.createFile(dir.resolve("go"));
  }

  @Test
  void followStreamsARunningAttemptsOutputUntilTheRunEnds() throws Exception {
    startWorker();
    String runId = runOf("echo first; while [ ! -f go ]; do sleep 0.05; done; echo second >&2; echo third");

    CompletableFuture<Result> following = start(runId, "--follow");
    awaitOut("[s.a #1] first\n");
    assertThat(following).as("still following a running attempt").isNotDone();
    Files.createFile(dir.resolve("go"));

    Result r = following.get(60, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.err()).isZero();
    // The two streams are read one after the other: their lines are not ordered between them.
    assertThat(r.out()).startsWith("[s.a #1] first\n");
    assertThat(r.out().lines()).containsExactlyInAnyOrder("[s.a #1] first", "[s.a #1] third", "[s.a #1 stderr] second");
    assertThat(r.err()).isEqualTo("run " + runId + " ended SUCCEEDED" + System.lineSeparator());
  }

  @Test
  void followOfAFinishedRunPrintsItsLogsAndEnds() throws Exception {
    startWorker();
    String runId = runOf("echo done");
    awaitRunState(runId, "SUCCEEDED");

    Result r = logs(runId, "--follow");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(allPages(runId));
    assertThat(r.out()).contains("=== stdout ===\ndone\n");
  }

  @Test
  void aRunWithoutLogsYetIsTheContractsNotFound() throws Exception {
    String runId = runOf("true");

    Result r = logs(runId);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: HTTP 404 NOT_FOUND: logs not found" + System.lineSeparator());
  }

  @Test
  void anUnknownRunIsOneErrorLine() throws Exception {
    Result r = logs("nope");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: HTTP 404 NOT_FOUND: run not found: nope" + System.lineSeparator());
  }

  @Test
  void aRefusedConnectionNamesTheUrlTried() {
    StringWriter e = new StringWriter();
    int code =
        new CommandLine(new LogsCommand())
            .setErr(new PrintWriter(e, true))
            .execute("--url", "http://127.0.0.1:1", "--config", config.toString(), "r1");

    assertThat(code).isEqualTo(1);
    assertThat(e.toString()).startsWith("error: cannot connect to http://127.0.0.1:1");
  }
}
