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

/** One leased attempt run by the local worker: started → process + heartbeats → logs → completed. */
final class TaskExecution {
  private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);

  private final ArcoClient client;
  private final JsonNode env;
  private final Path workDir;
  private final String workerId;
  private final BooleanSupplier workerRunning;
  private final String taskPath;
  private volatile String token;

  TaskExecution(ArcoClient client, JsonNode env, Path workDir, String workerId, BooleanSupplier running) {
    this.client = client;
    this.env = env;
    this.workDir = workDir;
    this.workerId = workerId;
    this.workerRunning = running;
    this.taskPath = "/api/v1/tasks/" + env.path("taskId").asText();
    this.token = env.path("taskToken").asText();
  }

  private Map<String, String> auth() {
    return Map.of("Authorization", "Bearer " + token);
  }

  private Map<String, Object> base() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempt", env.path("attempt").asInt());
    m.put("attemptId", env.path("attemptId").asText());
    m.put("workerId", workerId);
    return m;
  }

  void run() throws IOException, InterruptedException {
    ArcoClient.Response started = client.post(taskPath + "/started", base(), auth(), Duration.ofSeconds(30));
    if (started.status() != 200) {
      LOG.info("task {} not started: {} {}", env.path("taskKey").asText(), started.status(), started.body());
      return;
    }
    JsonNode payload = env.path("payload");
    Optional<List<String>> argv = LocalWorker.command(payload.path("execution"));
    if (argv.isEmpty()) {
      complete(
          "FAILED",
          Map.of(),
          Optional.of(
              Map.of(
                  "category", "CONFIGURATION",
                  "message",
                  "asset " + payload.path("assetKey").asText(env.path("taskKey").asText())
                      + " has no execution.command; the local worker has nothing to run",
                  "retryable", false)));
      return;
    }
    Path dir = Files.createTempDirectory("arco-task-");
    try {
      execute(argv.get(), dir);
    } finally {
      deleteQuietly(dir);
    }
  }

  private void execute(List<String> argv, Path dir) throws IOException, InterruptedException {
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("stderr.log");
    Path outputFile = dir.resolve("output.json");
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile());
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> e = pb.environment();
    e.put("ARCO_RUN_ID", env.path("runId").asText());
    e.put("ARCO_TASK_KEY", env.path("taskKey").asText());
    e.put("ARCO_ASSET_KEY", env.path("payload").path("assetKey").asText(env.path("taskKey").asText()));
    e.put("ARCO_PARTITION_KEY", env.path("partitionKey").asText(""));
    e.put("ARCO_ATTEMPT", String.valueOf(env.path("attempt").asInt()));
    e.put("ARCO_OUTPUT_FILE", outputFile.toString());
    Process p = pb.start();
    long timeoutSec = Math.max(30, env.path("heartbeatTimeoutSec").asLong(300));
    long intervalMs = Math.min(timeoutSec * 1000 / 5, 60_000);
    boolean cancelled = false;
    while (!p.waitFor(Math.min(intervalMs, 1000), TimeUnit.MILLISECONDS)) {
      if (!workerRunning.getAsBoolean()) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        return;
      }
      if (heartbeatDue(intervalMs) && heartbeat()) {
        cancelled = true;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        break;
      }
    }
    int exit = p.exitValue();
    uploadLogs(out, err);
    if (cancelled) {
      complete("CANCELLED", Map.of(), Optional.empty());
    } else if (exit == 0) {
      complete("SUCCEEDED", LocalWorker.readOutput(outputFile), Optional.empty());
    } else {
      complete(
          "FAILED",
          LocalWorker.readOutput(outputFile),
          Optional.of(
              Map.of(
                  "category", "USER_CODE",
                  "message", "command exited with status " + exit,
                  "retryable", true)));
    }
  }

  private long lastBeat = System.nanoTime();

  private boolean heartbeatDue(long intervalMs) {
    if (System.nanoTime() - lastBeat >= TimeUnit.MILLISECONDS.toNanos(intervalMs)) {
      lastBeat = System.nanoTime();
      return true;
    }
    return false;
  }

  /** Sends a heartbeat; true when the server asks the worker to cancel. */
  private boolean heartbeat() {
    try {
      ArcoClient.Response r = client.post(taskPath + "/heartbeat", base(), auth(), Duration.ofSeconds(30));
      if (r.status() == 200) {
        if (r.body().hasNonNull("taskToken")) {
          token = r.body().get("taskToken").asText();
        }
        return r.body().path("shouldCancel").asBoolean(false);
      }
      return r.status() == 410;
    } catch (IOException | InterruptedException ex) {
      if (ex instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.debug("heartbeat failed: {}", ex.toString());
      return false;
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
    ArcoClient.Response r = client.post(taskPath + "/completed", body, auth(), Duration.ofSeconds(30));
    if (r.status() != 200) {
      LOG.warn("completion of {} answered {}: {}", env.path("taskKey").asText(), r.status(), r.body());
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}", dir);
    }
  }
}
