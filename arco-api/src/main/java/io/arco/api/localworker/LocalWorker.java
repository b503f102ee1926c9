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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: polls its queues over the public worker protocol (no shortcut) and runs leased tasks as
 * child processes (decisions §2.2). It is the embedded worker of {@code arco serve} and the
 * standalone {@code arco worker}; {@link WorkerSettings} says which queues it polls and how many
 * tasks it runs at once.
 *
 * <p>Each asset's {@code execution.command} (a shell string run with {@code sh -c}, or an argv
 * array) gets {@code ARCO_RUN_ID}, {@code ARCO_TASK_KEY}, {@code ARCO_ASSET_KEY}, {@code
 * ARCO_PARTITION_KEY}, {@code ARCO_ATTEMPT} and {@code ARCO_OUTPUT_FILE} in its environment. Exit 0
 * is SUCCEEDED, anything else FAILED (retryable); a JSON object written to the output file becomes
 * the task's {@code output}; stdout and stderr stream to the server while the command runs (live
 * logs) and are uploaded as the attempt's logs when it ends ({@link TaskExecution}). Polling queue
 * {@code sensors} also runs poll-sensor evaluations ({@link SensorExecution}).
 *
 * <p>Authentication: {@code headers} authenticate the polls (tenancy headers in dev mode, a user
 * token in JWT mode); task callbacks replace its {@code Authorization} with the task token, so
 * every request carries one {@code Authorization} header (api-contract §12.1).
 *
 * <p>{@link #shutdown} stops polling, lets running tasks finish for the grace period, then stops
 * the commands still running and gives their tasks back ({@link TaskExecution}).
 */
public final class LocalWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalWorker.class);
  static final int MAX_LOG_BYTES = 2_097_152;
  /** How long a shutdown waits for give-back reports after the grace period. */
  private static final Duration REPORT_TIME = Duration.ofSeconds(60);

  private final ArcoClient client;
  private final String baseUrl;
  private final Scope scope;
  private final WorkerSettings settings;
  private final Semaphore slots;
  private final AtomicInteger running = new AtomicInteger();
  private final CountDownLatch stopPolling = new CountDownLatch(1);
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final CountDownLatch shutdownDone = new CountDownLatch(1);
  private volatile boolean polling = true;
  private volatile boolean givingBack;
  private volatile int givenBack;
  private final Thread poller;

  /** The embedded worker of {@code arco serve} ({@link WorkerSettings#local}). */
  public LocalWorker(
      String baseUrl,
      Scope scope,
      Path workDir,
      int concurrency,
      Supplier<Map<String, String>> headers) {
    this(baseUrl, scope, WorkerSettings.local(workDir, concurrency), headers);
  }

  /**
   * @param scope the workspace polled (its tenant comes from {@code headers})
   * @param headers how the worker authenticates its polls in the server's auth mode (tenancy
   *     headers in dev mode, a bearer token in JWT mode), asked for each request
   */
  public LocalWorker(
      String baseUrl, Scope scope, WorkerSettings settings, Supplier<Map<String, String>> headers) {
    this.client = new ArcoClient(baseUrl, headers);
    this.baseUrl = baseUrl;
    this.scope = scope;
    this.settings = settings;
    this.slots = new Semaphore(settings.concurrency());
    this.poller = Thread.ofPlatform().daemon().name("arco-worker-poll").unstarted(this::pollLoop);
  }

  public LocalWorker start() {
    poller.start();
    return this;
  }

  /** Tasks and sensor evaluations running now. */
  public int running() {
    return running.get();
  }

  private void pollLoop() {
    String problem = null;
    long pause = 1000;
    while (polling) {
      int held = 0;
      try {
        if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
          continue;
        }
        held = 1 + slots.drainPermits();
        if (!polling) {
          break;
        }
        ArcoClient.Response r =
            client.post(
                "/api/v1/workspaces/" + scope.workspace() + "/workers/poll",
                Map.of(
                    "workerId", settings.workerId(),
                    "queues", settings.queues(),
                    "maxTasks", held,
                    "waitMs", settings.pollWait().toMillis()),
                Map.of(),
                settings.pollWait().plusSeconds(30));
        if (r.status() == 200) {
          if (problem != null) {
            settings.events().accept("polling again");
            problem = null;
            pause = 1000;
          }
          for (JsonNode envelope : r.body().path("tasks")) {
            held--; // the task's thread gives its slot back
            launch(envelope);
          }
          continue;
        }
        problem = report(problem, "poll answered " + r.status() + " " + describe(r.body()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        problem = report(problem, "cannot reach " + baseUrl + ": " + describe(e));
      } finally {
        slots.release(held);
      }
      pauseQuietly(pause);
      pause = Math.min(pause * 2, 10_000);
    }
  }

  /** Prints a poll problem once (not once per retry); answers it as the current problem. */
  private String report(String previous, String problem) {
    if (!problem.equals(previous)) {
      LOG.warn("worker {}: {}", settings.workerId(), problem);
      settings.events().accept(problem + " (retrying)");
    }
    return problem;
  }

  private static String describe(JsonNode body) {
    String code = body.path("code").asText(body.path("error").asText(""));
    String message = body.path("message").asText("");
    return (code + (message.isEmpty() ? "" : ": " + message)).trim();
  }

  private static String describe(IOException e) {
    return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
  }

  private void launch(JsonNode envelope) {
    boolean sensor = "sensor".equals(envelope.path("kind").asText());
    running.incrementAndGet();
    Thread.ofVirtual()
        .name(sensor ? "arco-sensor-" + envelope.path("sensorId").asText() : "arco-task-" + envelope.path("taskKey").asText())
        .start(() -> runTask(envelope, sensor, polling));
  }

  private void runTask(JsonNode env, boolean sensor, boolean leasedWhilePolling) {
    try {
      if (sensor) {
        if (leasedWhilePolling) {
          new SensorExecution(client, env, settings, () -> givingBack).run();
        }
      } else if (leasedWhilePolling) {
        new TaskExecution(client, env, settings, () -> givingBack).run();
      } else {
        new TaskExecution(client, env, settings, () -> true).giveBackUnstarted();
      }
    } catch (Exception e) {
      LOG.warn("{} failed in the worker", env.path("taskId").asText(), e);
    } finally {
      running.decrementAndGet();
      slots.release();
    }
  }

  private void pauseQuietly(long ms) {
    try {
      stopPolling.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The graceful stop of a SIGTERM: stops polling (a poll already waiting at the server is let
   * answer, and a task it leased is given back unrun), lets running tasks finish for up to the
   * grace period, then stops the commands still running and gives their tasks back, FAILED and
   * retryable with category {@code INFRASTRUCTURE} ({@link TaskExecution}); waits for those reports.
   * A second call waits for the first.
   *
   * @return how many tasks were given back after the grace period
   */
  public int shutdown() {
    if (!shutdownStarted.compareAndSet(false, true)) {
      awaitQuietly(shutdownDone, REPORT_TIME.plus(settings.grace()));
      return givenBack;
    }
    try {
      polling = false;
      stopPolling.countDown();
      joinQuietly(poller, settings.pollWait().plusSeconds(35));
      settings.events().accept("polling stopped; " + running.get() + " task(s) running");
      int all = settings.concurrency();
      if (tryAcquire(all, settings.grace())) {
        slots.release(all);
        return 0;
      }
      givenBack = running.get();
      givingBack = true;
      settings.events().accept(
          "grace period of " + settings.grace().toSeconds() + "s over; stopping and giving back " + givenBack + " task(s)");
      if (tryAcquire(all, REPORT_TIME)) {
        slots.release(all);
      }
      return givenBack;
    } finally {
      shutdownDone.countDown();
    }
  }

  private boolean tryAcquire(int permits, Duration wait) {
    try {
      return slots.tryAcquire(permits, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void joinQuietly(Thread t, Duration wait) {
    try {
      t.join(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration wait) {
    try {
      latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@link #shutdown()} with the settings' grace period. */
  @Override
  public void close() {
    shutdown();
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
