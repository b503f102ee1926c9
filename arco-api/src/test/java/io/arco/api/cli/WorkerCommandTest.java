package io.arco.api.cli;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static io.arco.api.testing.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.ServerConfig;
import io.arco.api.http.AuthConfig;
import io.arco.api.testing.TestServer;
import io.arco.flow.store.InMemoryEventStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code arco worker} started through its command class against a real server with no worker of
 * its own: it completes the example run (examples/manifest.json, examples/run.json, including the
 * export's failed first attempt and its retry) in dev mode, HS256 JWT mode and RS256 JWT mode;
 * streams output while a command runs; stops a cancelled command; and its SIGTERM path stops
 * polling, lets a running task finish, and gives back what the grace period cannot finish.
 */
@SuppressWarnings("try") // a worker is a try resource so that it stops; bodies drive the server
class WorkerCommandTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final byte[] SECRET = "a-test-secret-of-enough-length-32b".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  /** Runs {@code r} on a thread of its own (the common pool may have a single thread). */
  private static void thread(Runnable r) {
    Thread.ofPlatform().daemon().start(r);
  }

  /** {@code arco worker} running on a thread of its own; closing it is its SIGTERM path. */
  private final class RunningWorker implements AutoCloseable {
    final WorkerCommand command = new WorkerCommand(hook -> {});
    final StringWriter out = new StringWriter();
    final CompletableFuture<Integer> exit;

    RunningWorker(TestServer s, String... options) throws Exception {
      Path config = Files.writeString(dir.resolve("config.json"), "{}");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--url", s.baseUrl(), "--workspace", "w1", "--tenant", "t1",
                  "--config", config.toString(), "--work-dir", dir.toString(),
                  "--env", "ARCO_HOME=" + REPO, "--worker-id", "test-worker",
                  "--poll-wait-seconds", "1"));
      args.addAll(List.of(options));
      CommandLine cl =
          new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true));
      exit = CompletableFuture.supplyAsync(() -> cl.execute(args.toArray(String[]::new)), WorkerCommandTest::thread);
      command.awaitStarted();
      assertThat(exit).as("started: " + out).isNotDone();
    }

    /** Waits for a line of its output containing {@code text}. */
    void awaitOutput(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!out.toString().contains(text)) {
        assertThat(System.nanoTime()).as("waiting for '%s' in %s", text, out).isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    @Override
    public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
      command.stop();
      try {
        assertThat(exit.get(60, TimeUnit.SECONDS)).as(out.toString()).isZero();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while the worker stopped", e);
      }
    }
  }

  /** Deploys examples/manifest.json and triggers examples/run.json with {@code headers}. */
  private static String deployAndTriggerTheExample(TestServer s, Map<String, String> auth) throws Exception {
    Map<String, String> h = new HashMap<>(auth);
    h.put("Content-Type", "application/json");
    String manifest = Files.readString(REPO.resolve("examples/manifest.json"));
    TestServer.Resp deployed = s.send("POST", s.ws() + "/manifests", manifest, h);
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(201);
    TestServer.Resp run = s.send("POST", s.ws() + "/runs", Files.readString(REPO.resolve("examples/run.json")), h);
    assertThat(run.status()).as(run.raw()).isEqualTo(201);
    return run.body().get("runId").asText();
  }

  /**
   * Waits for the run to end, moving the manual clock past the export's retry backoff once its
   * first attempt has failed.
   */
  private static JsonNode awaitExampleRun(TestServer s, String runId, Map<String, String> auth)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    boolean advanced = false;
    while (System.nanoTime() < deadline) {
      JsonNode run = s.send("GET", s.ws() + "/runs/" + runId, null, auth).body();
      if (run.path("state").asText().matches("SUCCEEDED|FAILED|CANCELLED")) {
        return run;
      }
      JsonNode export = task(run, "analytics.export");
      if (!advanced && export.path("attempt").asInt() == 1 && export.path("state").asText().equals("PENDING")) {
        s.advance(Duration.ofSeconds(5));
        advanced = true;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the example run did not end: " + s.send("GET", s.ws() + "/runs/" + runId, null, auth).raw());
  }

  private static JsonNode task(JsonNode run, String key) {
    for (JsonNode t : run.path("tasks")) {
      if (t.path("taskKey").asText().equals(key)) {
        return t;
      }
    }
    throw new AssertionError("no task " + key + " in " + run);
  }

  private void assertTheExampleRunCompletes(TestServer s, Map<String, String> auth, String... options) throws Exception {
    try (RunningWorker worker = new RunningWorker(s, options)) {
      String runId = deployAndTriggerTheExample(s, auth);

      JsonNode run = awaitExampleRun(s, runId, auth);

      assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
      assertThat(run.get("tasks")).hasSize(6);
      assertThat(task(run, "analytics.export").get("attempt").asInt()).isEqualTo(2);
      String logs = s.send("GET", s.ws() + "/runs/" + runId + "/logs", null, auth).raw();
      assertThat(logs)
          .contains("extracting 1200 rows of events for run " + runId)
          .contains("export endpoint timed out (attempt 1); Arco will retry")
          .contains("exported analytics.daily_summary on attempt 2");
      worker.awaitOutput("succeeded analytics.export attempt 2 of run " + runId);
    }
  }

  @Test
  void inDevModeTheWorkerCompletesTheExampleRun() throws Exception {
    try (TestServer s = TestServer.start()) {
      assertTheExampleRunCompletes(s, Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w1"));
    }
  }

  private static Supplier<String> userToken(Algorithm alg) {
    return () ->
        JWT.create()
            .withClaim("tenant", "t1")
            .withClaim("workspace", "w1")
            .withSubject("ops")
            .withExpiresAt(TestServer.START.plus(Duration.ofHours(1)))
            .sign(alg);
  }

  @Test
  void inHs256JwtModeTheWorkerPollsWithTheUserTokenAndCompletesTheExampleRun() throws Exception {
    String token = userToken(Algorithm.HMAC256(SECRET)).get();
    try (TestServer s =
        TestServer.start(
            new InMemoryEventStore(),
            ServerConfig.defaults().withAuth(new AuthConfig(Optional.of(SECRET), Optional.empty())))) {
      assertTheExampleRunCompletes(s, Map.of("Authorization", "Bearer " + token), "--token", token);
    }
  }

  @Test
  void inRs256JwtModeTheWorkerPollsWithTheUserTokenAndCompletesTheExampleRun() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair keys = gen.generateKeyPair();
    String token =
        userToken(Algorithm.RSA256((RSAPublicKey) keys.getPublic(), (RSAPrivateKey) keys.getPrivate())).get();
    try (TestServer s =
        TestServer.start(
            new InMemoryEventStore(),
            ServerConfig.defaults()
                .withAuth(new AuthConfig(Optional.empty(), Optional.of((RSAPublicKey) keys.getPublic()))))) {
      assertTheExampleRunCompletes(s, Map.of("Authorization", "Bearer " + token), "--token", token);
    }
  }

  @Test
  void withAWrongTokenTheWorkerSaysWhyItCannotPollAndKeepsTrying() throws Exception {
    try (TestServer s =
            TestServer.start(
                new InMemoryEventStore(),
                ServerConfig.defaults().withAuth(new AuthConfig(Optional.of(SECRET), Optional.empty())));
        RunningWorker worker = new RunningWorker(s, "--token", "not-a-jwt")) {
      worker.awaitOutput("poll answered 401 INVALID_TOKEN");
      worker.awaitOutput("(retrying)");
    }
  }

  private static String awaitTaskState(TestServer s, String runId, String key, String state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      JsonNode run = s.get(s.ws() + "/runs/" + runId).body();
      String now = task(run, key).path("state").asText();
      if (now.equals(state)) {
        return now;
      }
      assertThat(System.nanoTime()).as("%s of %s to reach %s: %s", key, runId, state, run).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void aRunningCommandsOutputIsReadableLiveBeforeItEnds() throws Exception {
    try (TestServer s = TestServer.start();
        RunningWorker worker = new RunningWorker(s)) {
      String runId =
          s.deployAndTrigger(
              List.of(with(asset("s.slow"), "execution", Map.of("command", "echo first; echo oops >&2; while [ ! -f go ]; do sleep 0.05; done; echo second"))),
              "s.slow");
      awaitTaskState(s, runId, "s.slow", "RUNNING");
      String live = s.ws() + "/runs/" + runId + "/logs/live?taskKey=s.slow&attempt=1";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!s.get(live).raw().equals("first\n")) {
        assertThat(System.nanoTime()).as("live output: " + s.get(live).raw()).isLessThan(deadline);
        Thread.sleep(50);
      }
      TestServer.Resp running = s.get(live);
      assertThat(running.headers().firstValue("x-arco-log-complete")).contains("false");
      assertThat(s.get(live + "&stream=stderr").raw()).isEqualTo("oops\n");

      Files.createFile(dir.resolve("go"));
      awaitTaskState(s, runId, "s.slow", "SUCCEEDED");

      TestServer.Resp done = s.get(live);
      assertThat(done.raw()).isEqualTo("first\nsecond\n");
      assertThat(done.headers().firstValue("x-arco-log-complete")).contains("true");
    }
  }

  @Test
  void aCancelledRunStopsItsCommandAndReportsCancelled() throws Exception {
    try (TestServer s = TestServer.start();
        RunningWorker worker = new RunningWorker(s)) {
      String runId =
          s.deployAndTrigger(
              List.of(
                  with(
                      asset("s.long"),
                      "execution",
                      Map.of("command", "touch started; sleep 120; touch finished", "heartbeatTimeoutSeconds", 30))),
              "s.long");
      awaitTaskState(s, runId, "s.long", "RUNNING");
      assertThat(s.post(s.ws() + "/runs/" + runId + "/cancel", Map.of()).status()).isEqualTo(200);

      // The next heartbeat (every 6 s with a 30 s timeout) answers shouldCancel.
      awaitTaskState(s, runId, "s.long", "CANCELLED");

      worker.awaitOutput("cancelled s.long attempt 1 of run " + runId);
      assertThat(dir.resolve("started")).exists();
      assertThat(dir.resolve("finished")).doesNotExist();
    }
  }

  @Test
  void stoppingEndsPollingAndLetsARunningTaskFinish() throws Exception {
    try (TestServer s = TestServer.start();
        RunningWorker worker = new RunningWorker(s, "--grace-seconds", "60")) {
      String runId =
          s.deployAndTrigger(
              List.of(
                  with(asset("s.slow"), "execution", Map.of("command", "while [ ! -f go ]; do sleep 0.05; done; echo done")),
                  with(asset("s.next"), "execution", Map.of("command", "true"))),
              "s.slow");
      awaitTaskState(s, runId, "s.slow", "RUNNING");

      CompletableFuture<Integer> stopped = CompletableFuture.supplyAsync(worker.command::stop, WorkerCommandTest::thread);
      worker.awaitOutput("polling stopped; 1 task(s) running");
      String later = s.post(s.ws() + "/runs", trigger("s.next")).body().get("runId").asText();
      Files.createFile(dir.resolve("go"));

      assertThat(stopped.get(60, TimeUnit.SECONDS)).as("tasks given back").isZero();
      assertThat(worker.exit.get(60, TimeUnit.SECONDS)).isZero();
      JsonNode finished = s.get(s.ws() + "/runs/" + runId).body();
      assertThat(finished.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(s.get(s.ws() + "/runs/" + runId + "/logs").raw()).contains("done");
      JsonNode waiting = task(s.get(s.ws() + "/runs/" + later).body(), "s.next");
      assertThat(waiting.get("state").asText()).as("not leased after the stop").isIn("PENDING", "QUEUED");
      assertThat(waiting.get("attempt").asInt()).isZero();
      assertThat(worker.out.toString()).contains("arco worker: worker stopped\n");
    }
  }

  @Test
  void whatTheGracePeriodCannotFinishIsStoppedAndGivenBackForARetry() throws Exception {
    try (TestServer s = TestServer.start();
        RunningWorker worker = new RunningWorker(s, "--grace-seconds", "0")) {
      String runId =
          s.deployAndTrigger(
              List.of(with(asset("s.long"), "execution", Map.of("command", "echo working; sleep 120"))), "s.long");
      awaitTaskState(s, runId, "s.long", "RUNNING");

      assertThat(worker.command.stop()).as("tasks given back").isEqualTo(1);

      assertThat(worker.exit.get(60, TimeUnit.SECONDS)).isZero();
      JsonNode t = task(s.get(s.ws() + "/runs/" + runId).body(), "s.long");
      assertThat(t.get("state").asText()).as("waiting for its retry").isEqualTo("PENDING");
      assertThat(
              s.engine().getRun(new io.arco.flow.model.Scope("t1", "w1"), runId).tasks().get(0).errorCategory())
          .contains(io.arco.flow.model.ErrorCategory.INFRASTRUCTURE);
      assertThat(t.get("errorMessage").asText())
          .isEqualTo("worker test-worker shut down before the command finished; it was stopped after the 0s grace period");
      assertThat(s.get(s.ws() + "/runs/" + runId + "/logs").raw()).contains("working");
      assertThat(worker.out.toString()).contains("arco worker: worker stopped; gave back 1 task(s)");
    }
  }

  @Test
  void badOptionsAreRefusedBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new WorkerCommand(hook -> {})).setErr(new PrintWriter(err, true));

    assertThat(cl.execute("--concurrency", "0", "--url", "http://127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: --concurrency must be between 1 and 100" + System.lineSeparator());
    assertThat(new CommandLine(new WorkerCommand(hook -> {})).setErr(new PrintWriter(new StringWriter())).execute("--grace-seconds", "-1"))
        .isEqualTo(2);
    assertThat(new CommandLine(new WorkerCommand(hook -> {})).setErr(new PrintWriter(new StringWriter())).execute("--queues", ","))
        .isEqualTo(2);
  }

  @Test
  void theWorkerIsASubcommandOfArco() {
    CommandLine arco = new CommandLine(new io.arco.api.Main());
    assertThat(arco.getSubcommands()).containsKey("worker");
    List<String> options =
        arco.getSubcommands().get("worker").getCommandSpec().options().stream()
            .flatMap(o -> java.util.Arrays.stream(o.names()))
            .toList();
    assertThat(options).contains("--queues", "--concurrency", "--grace-seconds", "--url", "--token", "--workspace", "--env");
  }
}
