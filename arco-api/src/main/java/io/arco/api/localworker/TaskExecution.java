package io.arco.api.localworker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leased attempt run by a worker: started → process with heartbeats and live output → logs →
 * completed.
 *
 * <p>How it ends: exit 0 is SUCCEEDED, any other exit FAILED ({@code USER_CODE}, retryable); a
 * heartbeat answering {@code shouldCancel} stops the command and reports CANCELLED; a heartbeat
 * refused because the attempt is no longer this worker's (401, 409, 410: timed out, re-leased,
 * finished) stops the command and reports nothing, the server has moved on. When the worker gives
 * its tasks back ({@link LocalWorker#shutdown} after the grace period) the command is stopped and
 * the attempt reported FAILED with category {@code INFRASTRUCTURE}, retryable: the protocol has no
 * "release" call (decisions §2.1: the dispatch is the lease), and this report frees the task at
 * once for a retry under the asset's retry policy, where letting the lease lapse would hold it until
 * its heartbeat timeout and then fail it the same way ({@code TIMEOUT}, retryable).
 *
 * <p>Stopping a command sends SIGTERM to it and its descendants, then SIGKILL to what is left five
 * seconds later.
 */
final class TaskExecution {
  private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /** Why the command stopped before it exited by itself. */
  private enum Stop {
    NONE,
    CANCELLED,
    LOST,
    GIVEN_BACK
  }

  /** What a heartbeat answered. */
  private enum Beat {
    CONTINUE,
    CANCEL,
    LOST
  }

  private final ArcoClient client;
  private final JsonNode env;
  private final WorkerSettings settings;
  private final BooleanSupplier givingBack;
  private final String taskPath;
  private final String label;
  private volatile String token;
  private long lastBeat = System.nanoTime();

  TaskExecution(ArcoClient client, JsonNode env, WorkerSettings settings, BooleanSupplier givingBack) {
    this.client = client;
    this.env = env;
    this.settings = settings;
    this.givingBack = givingBack;
    this.taskPath = "/api/v1/tasks/" + env.path("taskId").asText();
    this.token = env.path("taskToken").asText();
    this.label =
        env.path("taskKey").asText() + " attempt " + env.path("attempt").asInt() + " of run " + env.path("runId").asText();
  }

  private Map<String, String> auth() {
    return Map.of("Authorization", "Bearer " + token);
  }

  private Map<String, Object> base() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempt", env.path("attempt").asInt());
    m.put("attemptId", env.path("attemptId").asText());
    m.put("workerId", settings.workerId());
    return m;
  }

  void run() throws IOException, InterruptedException {
    ArcoClient.Response started = report("/started", base());
    if (started.status() != 200) {
      LOG.info("task {} not started: {} {}", env.path("taskKey").asText(), started.status(), started.body());
      settings.events().accept("not started: " + label + " (" + started.status() + " " + started.body().path("error").asText() + ")");
      return;
    }
    settings.events().accept("started " + label);
    JsonNode payload = env.path("payload");
    Optional<List<String>> argv = LocalWorker.command(payload.path("execution"));
    if (argv.isEmpty()) {
      complete(
          "FAILED",
          Map.of(),
          Optional.of(
              error(
                  "CONFIGURATION",
                  "asset " + payload.path("assetKey").asText(env.path("taskKey").asText())
                      + " has no execution.command; the worker has nothing to run",
                  false)));
      settings.events().accept("failed " + label + ": no execution.command");
      return;
    }
    Path dir = Files.createTempDirectory("arco-task-");
    try {
      execute(argv.get(), dir);
    } finally {
      deleteQuietly(dir);
    }
  }

  /**
   * Gives back a task leased while the worker was already stopping (a poll in flight when the
   * shutdown began), without running it.
   */
  void giveBackUnstarted() throws IOException, InterruptedException {
    complete(
        "FAILED",
        Map.of(),
        Optional.of(
            error(
                "INFRASTRUCTURE",
                "worker " + settings.workerId() + " was shutting down when it leased this task and gave it back unrun",
                true)));
    settings.events().accept("gave back " + label + " (leased while shutting down)");
  }

  private void execute(List<String> argv, Path dir) throws IOException, InterruptedException {
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("stderr.log");
    Path outputFile = dir.resolve("output.json");
    Files.createFile(out);
    Files.createFile(err);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(settings.workDir().toFile());
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> e = pb.environment();
    e.putAll(settings.environment());
    e.put("ARCO_RUN_ID", env.path("runId").asText());
    e.put("ARCO_TASK_KEY", env.path("taskKey").asText());
    e.put("ARCO_ASSET_KEY", env.path("payload").path("assetKey").asText(env.path("taskKey").asText()));
    e.put("ARCO_PARTITION_KEY", env.path("partitionKey").asText(""));
    e.put("ARCO_ATTEMPT", String.valueOf(env.path("attempt").asInt()));
    e.put("ARCO_OUTPUT_FILE", outputFile.toString());
    long begun = System.nanoTime();
    Process p = pb.start();
    int attempt = env.path("attempt").asInt();
    LiveOutput liveOut = new LiveOutput(client, taskPath, attempt, "stdout", out, this::auth);
    LiveOutput liveErr = new LiveOutput(client, taskPath, attempt, "stderr", err, this::auth);
    long timeoutSec = Math.max(30, env.path("heartbeatTimeoutSec").asLong(300));
    long intervalMs = Math.min(timeoutSec * 1000 / 5, 60_000);
    Stop stop = Stop.NONE;
    while (!p.waitFor(Math.min(intervalMs, 1000), TimeUnit.MILLISECONDS)) {
      liveOut.flush(false);
      liveErr.flush(false);
      if (givingBack.getAsBoolean()) {
        stop = Stop.GIVEN_BACK;
      } else if (heartbeatDue(intervalMs)) {
        Beat beat = heartbeat();
        stop = beat == Beat.CANCEL ? Stop.CANCELLED : beat == Beat.LOST ? Stop.LOST : Stop.NONE;
      }
      if (stop != Stop.NONE) {
        terminate(p);
        break;
      }
    }
    int exit = p.exitValue();
    liveOut.flush(true);
    liveErr.flush(true);
    String took = String.format("%.1fs", (System.nanoTime() - begun) / 1e9);
    if (stop == Stop.LOST) {
      settings.events().accept("stopped " + label + ": the server no longer counts it as running");
      return;
    }
    uploadLogs(out, err);
    switch (stop) {
      case CANCELLED -> {
        complete("CANCELLED", Map.of(), Optional.empty());
        settings.events().accept("cancelled " + label + " after " + took);
      }
      case GIVEN_BACK -> {
        complete(
            "FAILED",
            Map.of(),
            Optional.of(
                error(
                    "INFRASTRUCTURE",
                    "worker " + settings.workerId() + " shut down before the command finished; it was stopped after the "
                        + settings.grace().toSeconds() + "s grace period",
                    true)));
        settings.events().accept("gave back " + label + " after " + took + " (stopped by the shutdown)");
      }
      default -> {
        if (exit == 0) {
          complete("SUCCEEDED", LocalWorker.readOutput(outputFile), Optional.empty());
          settings.events().accept("succeeded " + label + " in " + took);
        } else {
          complete(
              "FAILED",
              LocalWorker.readOutput(outputFile),
              Optional.of(error("USER_CODE", "command exited with status " + exit, true)));
          settings.events().accept("failed " + label + " in " + took + ": exit status " + exit);
        }
      }
    }
  }

  private static Map<String, Object> error(String category, String message, boolean retryable) {
    return Map.of("category", category, "message", message, "retryable", retryable);
  }

  /** SIGTERM to the command and its descendants, SIGKILL to what is left after a few seconds. */
  private static void terminate(Process p) throws InterruptedException {
    List<ProcessHandle> tree = ProcessTree.signal(p, false);
    if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    p.waitFor();
  }

  private boolean heartbeatDue(long intervalMs) {
    if (System.nanoTime() - lastBeat >= TimeUnit.MILLISECONDS.toNanos(intervalMs)) {
      lastBeat = System.nanoTime();
      return true;
    }
    return false;
  }

  /**
   * Sends a heartbeat (api-contract §12.5) and keeps the fresh token it answers. A network failure
   * is not a verdict: the next heartbeat tries again.
   */
  private Beat heartbeat() {
    try {
      ArcoClient.Response r = client.post(taskPath + "/heartbeat", base(), auth(), Duration.ofSeconds(30));
      if (r.status() == 200) {
        if (r.body().hasNonNull("taskToken")) {
          token = r.body().get("taskToken").asText();
        }
        return r.body().path("shouldCancel").asBoolean(false) ? Beat.CANCEL : Beat.CONTINUE;
      }
      if (r.status() == 401 || r.status() == 409 || r.status() == 410) {
        LOG.info("heartbeat of {} answered {}: {}", label, r.status(), r.body());
        return Beat.LOST;
      }
      return Beat.CONTINUE;
    } catch (IOException | InterruptedException ex) {
      if (ex instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.debug("heartbeat failed: {}", ex.toString());
      return Beat.CONTINUE;
    }
  }

  private void uploadLogs(Path out, Path err) throws IOException, InterruptedException {
    byte[] stdout = Files.readAllBytes(out);
    byte[] stderr = Files.readAllBytes(err);
    int budget = LocalWorker.MAX_LOG_BYTES;
    int errPart = Math.min(stderr.length, budget / 2);
    int outPart = Math.min(stdout.length, budget - errPart);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attempt", env.path("attempt").asInt());
    body.put("stdout", LocalWorker.tail(stdout, outPart));
    body.put("stderr", LocalWorker.tail(stderr, errPart));
    ArcoClient.Response r = client.post(taskPath + "/logs", body, auth(), Duration.ofSeconds(30));
    if (r.status() != 200) {
      LOG.warn("log upload for {} answered {}: {}", env.path("taskKey").asText(), r.status(), r.body());
    }
  }

  private void complete(String outcome, Map<String, Object> output, Optional<Map<String, Object>> error)
      throws IOException, InterruptedException {
    Map<String, Object> body = base();
    body.put("outcome", outcome);
    if (!output.isEmpty()) {
      body.put("output", output);
    }
    error.ifPresent(e -> body.put("error", e));
    ArcoClient.Response r = report("/completed", body);
    if (r.status() != 200) {
      LOG.warn("completion of {} answered {}: {}", env.path("taskKey").asText(), r.status(), r.body());
    }
  }

  /** How long a report is sent again while the server cannot take it (a writer failing over). */
  static final Duration REPORT_PATIENCE = Duration.ofSeconds(60);

  /**
   * Sends a report ({@code /started} or {@code /completed}) and sends it again, with backoff, while
   * the answer is 502, 503 or 504 or no answer comes: a server whose store or writer is briefly
   * unavailable (several nodes failing over) applied nothing, and a report that was applied but
   * whose answer was lost is acknowledged again when resent (the same attempt and outcome). Gives up
   * after {@link #REPORT_PATIENCE}, answering the last answer or throwing the last I/O failure.
   */
  private ArcoClient.Response report(String kind, Map<String, Object> body)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + REPORT_PATIENCE.toNanos();
    long backoffMs = 250;
    while (true) {
      try {
        ArcoClient.Response r = client.post(taskPath + kind, body, auth(), Duration.ofSeconds(30));
        if (!unavailable(r.status()) || System.nanoTime() - deadline >= 0) {
          return r;
        }
        LOG.info("{} of {} answered {}; sending it again", kind, label, r.status());
      } catch (IOException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw e;
        }
        LOG.info("{} of {} failed ({}); sending it again", kind, label, e.getMessage());
      }
      Thread.sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, 4_000);
    }
  }

  private static boolean unavailable(int status) {
    return status == 502 || status == 503 || status == 504;
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}", dir);
    }
  }
}
