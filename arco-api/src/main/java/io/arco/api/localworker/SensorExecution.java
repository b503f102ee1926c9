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
 * One leased poll-sensor evaluation run by a worker (decisions §2.9): the sensor's {@code
 * execution.command} runs with {@code ARCO_SENSOR_ID}, {@code ARCO_SENSOR_CURSOR} (empty before the
 * first cursor), {@code ARCO_SENSOR_STATE_VERSION} and {@code ARCO_OUTPUT_FILE}; on exit 0 the JSON
 * object it wrote ({@code {cursor?, runRequests?}}) is the evaluation's output, otherwise the
 * evaluation fails with the exit status and the end of stderr. It is killed after the lease.
 */
final class SensorExecution {
  private static final Logger LOG = LoggerFactory.getLogger(SensorExecution.class);
  private static final int STDERR_TAIL = 2_000;

  private final ArcoClient client;
  private final JsonNode env;
  private final WorkerSettings settings;
  private final BooleanSupplier givingBack;

  /**
   * @param givingBack true once the worker gives its work back (after a shutdown's grace period):
   *     the command is then killed and the evaluation left to its lease
   */
  SensorExecution(ArcoClient client, JsonNode env, WorkerSettings settings, BooleanSupplier givingBack) {
    this.client = client;
    this.env = env;
    this.settings = settings;
    this.givingBack = givingBack;
  }

  void run() throws IOException, InterruptedException {
    String sensorId = env.path("sensorId").asText();
    Optional<List<String>> argv = LocalWorker.command(env.path("payload").path("execution"));
    if (argv.isEmpty()) {
      complete("FAILED", Map.of(), Optional.of("sensor " + sensorId + " has no execution.command; the worker has nothing to run"));
      return;
    }
    Path dir = Files.createTempDirectory("arco-sensor-");
    try {
      Path outputFile = dir.resolve("output.json");
      Path err = dir.resolve("stderr.log");
      ProcessBuilder pb = new ProcessBuilder(argv.get()).directory(settings.workDir().toFile());
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
      Map<String, String> e = pb.environment();
      e.putAll(settings.environment());
      e.put("ARCO_SENSOR_ID", sensorId);
      e.put("ARCO_SENSOR_CURSOR", env.path("cursor").asText(""));
      e.put("ARCO_SENSOR_STATE_VERSION", String.valueOf(env.path("stateVersion").asInt()));
      e.put("ARCO_OUTPUT_FILE", outputFile.toString());
      Process p = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(env.path("heartbeatTimeoutSec").asLong(300));
      while (!p.waitFor(1, TimeUnit.SECONDS)) {
        if (givingBack.getAsBoolean() || System.nanoTime() > deadline) {
          ProcessTree.signal(p, true);
          if (!givingBack.getAsBoolean()) {
            complete("FAILED", Map.of(), Optional.of("sensor command timed out"));
          }
          return;
        }
      }
      int exit = p.exitValue();
      if (exit == 0) {
        complete("SUCCEEDED", LocalWorker.readOutput(outputFile), Optional.empty());
      } else {
        String stderr = LocalWorker.tail(Files.readAllBytes(err), STDERR_TAIL).strip();
        complete(
            "FAILED",
            Map.of(),
            Optional.of("sensor command exited with status " + exit + (stderr.isEmpty() ? "" : ": " + stderr)));
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private void complete(String outcome, Map<String, Object> output, Optional<String> error)
      throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attempt", env.path("attempt").asInt(1));
    body.put("attemptId", env.path("attemptId").asText());
    body.put("workerId", settings.workerId());
    body.put("outcome", outcome);
    if (!output.isEmpty()) {
      body.put("output", output);
    }
    error.ifPresent(
        m -> body.put("error", Map.of("category", "USER_CODE", "message", m, "retryable", false)));
    ArcoClient.Response r =
        client.post(
            "/api/v1/tasks/" + env.path("taskId").asText() + "/completed",
            body,
            Map.of("Authorization", "Bearer " + env.path("taskToken").asText()),
            Duration.ofSeconds(30));
    if (r.status() != 200) {
      LOG.warn(
          "sensor {} evaluation answered {}: {}",
          env.path("sensorId").asText(),
          r.status(),
          r.body());
    }
  }
}
