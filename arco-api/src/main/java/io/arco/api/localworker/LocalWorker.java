package io.arco.api.localworker;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.flow.model.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs leased tasks as child processes (decisions §2.2). Each asset's {@code execution.command} (a
 * shell string run with {@code sh -c}, or an argv array) gets {@code ARCO_RUN_ID}, {@code
 * ARCO_TASK_KEY}, {@code ARCO_ASSET_KEY}, {@code ARCO_PARTITION_KEY}, {@code ARCO_ATTEMPT} and
 * {@code ARCO_OUTPUT_FILE} in its environment. Exit 0 is SUCCEEDED, anything else FAILED
 * (retryable); a JSON object written to the output file becomes the task's {@code output};
 * stdout and stderr are uploaded as the attempt's logs. Heartbeats run while the process lives,
 * and a {@code shouldCancel} answer kills it and reports CANCELLED. The worker also polls queue
 * {@code sensors} and runs poll-sensor evaluations ({@link SensorExecution}).
 */
public final class LocalWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalWorker.class);
  static final int MAX_LOG_BYTES = 2_097_152;

  private final ArcoClient client;
  private final Scope scope;
  private final Path workDir;
  private final String workerId;
  private final Semaphore slots;
  private volatile boolean running = true;
  private final Thread poller;

  /**
   * @param headers how the worker authenticates its polls in the server's auth mode (tenancy
   *     headers in dev mode, a bearer token in JWT mode), asked for each request
   */
  public LocalWorker(
      String baseUrl,
      Scope scope,
      Path workDir,
      int concurrency,
      Supplier<Map<String, String>> headers) {
    this.client = new ArcoClient(baseUrl, headers);
    this.scope = scope;
    this.workDir = workDir;
    this.workerId = "local-" + ProcessHandle.current().pid();
    this.slots = new Semaphore(concurrency);
    this.poller = Thread.ofPlatform().daemon().name("arco-local-worker").unstarted(this::pollLoop);
  }

  public LocalWorker start() {
    poller.start();
    return this;
  }

  private void pollLoop() {
    while (running) {
      int free = 0;
      try {
        slots.acquire();
        free = 1 + slots.drainPermits();
        ArcoClient.Response r =
            client.post(
                "/api/v1/workspaces/" + scope.workspace() + "/workers/poll",
                Map.of(
                    "workerId", workerId,
                    "queues", List.of("default-queue", "sensors"),
                    "maxTasks", free,
                    "waitMs", 5000),
                Map.of(),
                Duration.ofSeconds(40));
        int leased = 0;
        if (r.status() == 200) {
          for (JsonNode envelope : r.body().path("tasks")) {
            leased++;
            boolean sensor = "sensor".equals(envelope.path("kind").asText());
            Thread.ofVirtual()
                .name(sensor ? "arco-sensor-" + envelope.path("sensorId").asText() : "arco-task-" + envelope.path("taskKey").asText())
                .start(() -> runTask(envelope));
          }
        } else {
          LOG.warn("poll answered {}: {}", r.status(), r.body());
        }
        slots.release(free - leased);
        free = 0;
        if (r.status() != 200) {
          Thread.sleep(1000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        slots.release(free);
        if (running) {
          LOG.debug("poll failed: {}", e.toString());
          sleepQuietly(1000);
        }
      }
    }
  }

  private void runTask(JsonNode env) {
    try {
      if ("sensor".equals(env.path("kind").asText())) {
        new SensorExecution(client, env, workDir, workerId, () -> running).run();
      } else {
        new TaskExecution(client, env, workDir, workerId, () -> running).run();
      }
    } catch (Exception e) {
      LOG.warn("{} failed in the local worker", env.path("taskId").asText(), e);
    } finally {
      slots.release();
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
    try {
      poller.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Keeps the last {@code max} bytes of a log (the end of a log is where failures are). */
  static String tail(byte[] bytes, int max) {
    if (bytes.length <= max) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return "[truncated]\n"
        + new String(bytes, bytes.length - max + 12, max - 12, StandardCharsets.UTF_8);
  }

  /** The argv of an {@code execution.command}: a string runs under {@code sh -c}. */
  static Optional<List<String>> command(JsonNode execution) {
    JsonNode cmd = execution.path("command");
    if (cmd.isTextual() && !cmd.asText().isBlank()) {
      return Optional.of(List.of("sh", "-c", cmd.asText()));
    }
    if (cmd.isArray() && !cmd.isEmpty()) {
      List<String> argv = new ArrayList<>();
      cmd.forEach(a -> argv.add(a.asText()));
      return Optional.of(argv);
    }
    return Optional.empty();
  }

  static Map<String, Object> readOutput(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        return Map.of();
      }
      JsonNode n = Json.MAPPER.readTree(file.toFile());
      if (n == null || !n.isObject()) {
        return Map.of();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (var f : n.properties()) {
        out.put(f.getKey(), f.getValue());
      }
      return out;
    } catch (IOException e) {
      LOG.warn("could not read output file {}: {}", file, e.toString());
      return Map.of();
    }
  }
}
