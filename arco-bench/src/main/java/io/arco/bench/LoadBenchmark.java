package io.arco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The latency-under-load benchmark of issue 12, a benchmark main: {@code arco serve} in a child
 * process (as in {@link ThroughputBenchmark}: SQLite {@code synchronous=FULL}, dev mode, no local
 * worker), a small layered DAG deployed, then {@code --clients} concurrent clients, each on its own
 * keep-alive HTTP/1.1 connection, for {@code --duration-sec} seconds after {@code --warmup-sec}
 * seconds of the same load unrecorded. Each client repeatedly draws one operation (seeded, weights
 * from {@code --mix}):
 *
 * <ul>
 *   <li>{@code trigger}: {@code POST /runs} of the whole DAG;
 *   <li>{@code get-run}: {@code GET /runs/{runId}} of one of the 256 most recently triggered runs;
 *   <li>{@code list-runs}: {@code GET /runs?limit=20};
 *   <li>{@code poll}: {@code POST /workers/poll} ({@code maxTasks} {@code --max-tasks}, no long
 *       poll, so its time is the server's, not a wait), then {@code started} and {@code completed}
 *       for every task it leased.
 * </ul>
 *
 * <p>Printed per route: requests, non-2xx answers, p50, p99 and max response time (client side,
 * request sent to body read), and requests/s; then the targets (trigger and run-read p99 ≤
 * 50 ms). Run with {@code java -cp arco-bench/target/benchmarks.jar io.arco.bench.LoadBenchmark
 * --help}.
 */
@Command(
    name = "LoadBenchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "p50/p99 per route of arco serve under concurrent triggers, run reads, polls and callbacks.")
public final class LoadBenchmark implements Callable<Integer> {
  @Mixin ServerOptions serverOptions = new ServerOptions();

  static final double TARGET_P99_MS = 50;
  private static final int RECENT_RUNS = 256;

  @Option(names = "--clients", defaultValue = "32", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--duration-sec", defaultValue = "60", description = "Recorded seconds of load (default ${DEFAULT-VALUE}).")
  int durationSec;

  @Option(names = "--warmup-sec", defaultValue = "10", description = "Seconds of the same load before, not recorded (default ${DEFAULT-VALUE}).")
  int warmupSec;

  @Option(
      names = "--mix",
      defaultValue = "trigger=1,get-run=3,list-runs=2,poll=4",
      description = "Relative weights of the operations (default ${DEFAULT-VALUE}).")
  String mix;

  @Option(names = "--layers", defaultValue = "3", description = "Layers of the DAG each trigger runs (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--width", defaultValue = "5", description = "Assets per layer of that DAG (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--max-tasks", defaultValue = "8", description = "maxTasks of each poll, 1..100 (default ${DEFAULT-VALUE}).")
  int maxTasks;

  @Option(names = "--seed", defaultValue = "12", description = "Seed of the clients' operation draws (default ${DEFAULT-VALUE}).")
  long seed;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadBenchmark()).execute(args));
  }

  /** The operations a client draws from. */
  enum Op {
    TRIGGER("trigger"),
    GET_RUN("get-run"),
    LIST_RUNS("list-runs"),
    POLL("poll");

    final String option;

    Op(String option) {
      this.option = option;
    }
  }

  /**
   * {@code --mix}: {@code op=weight} pairs separated by commas; every op not named has weight 0.
   * Answers the weights indexed by {@link Op#ordinal()}.
   */
  static int[] parseMix(String mix) {
    int[] w = new int[Op.values().length];
    for (String part : mix.split(",")) {
      String[] kv = part.trim().split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("--mix: expected op=weight, got '" + part + "'");
      }
      Op op = null;
      for (Op o : Op.values()) {
        if (o.option.equals(kv[0].trim())) {
          op = o;
        }
      }
      if (op == null) {
        throw new IllegalArgumentException("--mix: unknown op '" + kv[0].trim() + "' (trigger, get-run, list-runs, poll)");
      }
      int weight = Integer.parseInt(kv[1].trim());
      if (weight < 0) {
        throw new IllegalArgumentException("--mix: negative weight for " + op.option);
      }
      w[op.ordinal()] = weight;
    }
    if (w[Op.TRIGGER.ordinal()] == 0) {
      throw new IllegalArgumentException("--mix: trigger needs a weight above 0 (the other ops need runs)");
    }
    return w;
  }

  /** The op whose cumulative weight range holds {@code draw} (0 ≤ draw < sum of weights). */
  static Op pick(int[] weights, int draw) {
    int acc = 0;
    for (Op o : Op.values()) {
      acc += weights[o.ordinal()];
      if (draw < acc) {
        return o;
      }
    }
    throw new IllegalArgumentException("draw " + draw + " beyond the weights");
  }

  @Override
  public Integer call() throws Exception {
    if (clients < 1 || durationSec < 1 || warmupSec < 0 || maxTasks < 1 || maxTasks > 100) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "need --clients >= 1, --duration-sec >= 1, --warmup-sec >= 0, --max-tasks 1..100");
    }
    int[] weights;
    try {
      weights = parseMix(mix);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    int totalWeight = IntStream.of(weights).sum();
    LayeredDag dag = new LayeredDag(layers, width);
    Instant started = Instant.now();
    String loadAtStart = Machine.loadAverage();
    Path dir = Files.createTempDirectory("arco-load-");
    Latencies latencies = new Latencies();
    Counters counters = new Counters();
    String command;
    try (ArcoServerProcess server = serverOptions.start(dir)) {
      command = server.displayCommand();
      Progress.log("server at " + server.baseUrl() + " (store and server.log in " + dir + ")");
      ArcoHttp setup = new ArcoHttp(server.baseUrl(), ThroughputBenchmark.WS);
      setup.post(setup.workspacePath("/manifests"), dag.manifest("load-1")).expectOk("deploy");
      AtomicReferenceArray<String> recent = new AtomicReferenceArray<>(RECENT_RUNS);
      AtomicLong triggered = new AtomicLong();
      recent.set(0, trigger(setup, dag));
      triggered.incrementAndGet();

      long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmupSec).toNanos();
      long end = warmupEnd + Duration.ofSeconds(durationSec).toNanos();
      AtomicReference<Throwable> firstError = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      Progress.log(clients + " clients: " + warmupSec + " s warm-up, then " + durationSec + " s recorded; mix " + mix);
      for (int c = 0; c < clients; c++) {
        int client = c;
        ArcoHttp http = new ArcoHttp(server.baseUrl(), ThroughputBenchmark.WS, Optional.of(latencies));
        Random random = new Random(seed * 1_000_003L + c);
        threads.add(
            Thread.ofPlatform()
                .name("load-client-" + c)
                .start(
                    () -> {
                      while (System.nanoTime() < end) {
                        Op op = pick(weights, random.nextInt(totalWeight));
                        try {
                          switch (op) {
                            case TRIGGER -> {
                              long n = triggered.incrementAndGet();
                              recent.set((int) ((n - 1) % RECENT_RUNS), trigger(http, dag));
                            }
                            case GET_RUN -> {
                              // A slot whose trigger has not answered yet falls back to the first run.
                              int slot = (int) random.nextLong(Math.min(triggered.get(), RECENT_RUNS));
                              String runId = Optional.ofNullable(recent.get(slot)).orElse(recent.get(0));
                              http.get(http.workspacePath("/runs/" + runId)).expectOk("get run");
                            }
                            case LIST_RUNS -> http.get(http.workspacePath("/runs?limit=20")).expectOk("list runs");
                            case POLL -> {
                              String workerId = "load-c" + client;
                              JsonNode tasks =
                                  http.post(
                                          http.workspacePath("/workers/poll"),
                                          Map.of("workerId", workerId, "maxTasks", maxTasks, "waitMs", 0))
                                      .expectOk("poll")
                                      .body()
                                      .path("tasks");
                              if (!tasks.isEmpty()) {
                                counters.tasks.addAndGet(Callbacks.PER_TASK.report(http, workerId, tasks));
                              }
                            }
                          }
                          counters.ops.incrementAndGet();
                        } catch (RuntimeException e) {
                          counters.failed.incrementAndGet();
                          firstError.compareAndSet(null, e);
                        }
                      }
                    }));
      }
      Thread.sleep(Math.max(0, (warmupEnd - System.nanoTime()) / 1_000_000));
      latencies.start();
      long recordStart = System.nanoTime();
      Progress.log("recording");
      for (Thread t : threads) {
        t.join();
      }
      latencies.stop();
      double recordedSec = (System.nanoTime() - recordStart) / 1e9;
      JsonNode succeeded = setup.get(setup.workspacePath("/runs?state=SUCCEEDED&limit=1")).body();
      Progress.log(String.format(
          Locale.ROOT,
          "done: %,d ops (%,d failed), %,d runs triggered, %,d tasks completed%s",
          counters.ops.get(), counters.failed.get(), triggered.get(), counters.tasks.get(),
          succeeded.path("runs").isEmpty() ? ", no run SUCCEEDED" : ""));
      if (firstError.get() != null) {
        Progress.log("first failed op: " + firstError.get());
      }
      System.out.println(
          report(started, loadAtStart, Machine.loadAverage(), command, latencies.summaries(), recordedSec, counters, triggered.get()));
    } finally {
      serverOptions.cleanUp(dir);
    }
    return 0;
  }

  /** What the clients did in all, warm-up included. */
  static final class Counters {
    final AtomicLong ops = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong tasks = new AtomicLong();
  }

  private static String trigger(ArcoHttp http, LayeredDag dag) {
    return http.post(
            http.workspacePath("/runs"), Map.of("selection", dag.layer(dag.layers() - 1), "includeUpstream", true))
        .expectOk("trigger")
        .body()
        .path("runId")
        .asText();
  }

  private String report(
      Instant started,
      String loadAtStart,
      String loadAtEnd,
      String command,
      List<Latencies.Summary> routes,
      double recordedSec,
      Counters counters,
      long triggered) {
    StringBuilder b = new StringBuilder();
    b.append("### Latency under load (`LoadBenchmark`)\n\n");
    b.append("* Date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" (UTC)\n");
    b.append("* Machine: ").append(Machine.describe()).append('\n');
    b.append("* Load average (1/5/15 min): ").append(loadAtStart).append(" at the start, ").append(loadAtEnd)
        .append(" at the end\n");
    b.append("* JDK: ").append(Machine.jdk()).append('\n');
    b.append("* Server (SQLite `synchronous=FULL`, dev mode, no local worker): `").append(command).append("`\n");
    b.append(String.format(
        Locale.ROOT,
        "* Load: %d clients (one keep-alive HTTP/1.1 connection each), mix %s, DAG of %s per trigger, polls of maxTasks %d without long poll; %d s warm-up, %.1f s recorded%n",
        clients, mix, new LayeredDag(layers, width), maxTasks, warmupSec, recordedSec));
    b.append(String.format(
        Locale.ROOT,
        "* Totals (warm-up included): %,d operations, %,d failed, %,d runs triggered, %,d tasks completed%n%n",
        counters.ops.get(), counters.failed.get(), triggered, counters.tasks.get()));
    b.append("| Route | requests | non-2xx | requests/s | p50 (ms) | p99 (ms) | max (ms) |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|\n");
    Map<String, Latencies.Summary> byRoute = new LinkedHashMap<>();
    for (Latencies.Summary s : routes) {
      byRoute.put(s.route(), s);
      b.append(String.format(
          Locale.ROOT,
          "| `%s` | %,d | %,d | %,.0f | %.2f | %.2f | %.2f |%n",
          s.route(), s.count(), s.errors(), s.count() / recordedSec, s.p50Ms(), s.p99Ms(), s.maxMs()));
    }
    b.append('\n');
    for (String route : List.of("POST /runs", "GET /runs/{runId}", "GET /runs")) {
      Latencies.Summary s = byRoute.get(route);
      if (s != null) {
        b.append(String.format(
            Locale.ROOT,
            "* `%s` p99 %.2f ms (target ≤ %.0f ms: %s)%n",
            route, s.p99Ms(), TARGET_P99_MS, s.p99Ms() <= TARGET_P99_MS ? "met" : "not met"));
      }
    }
    return b.toString();
  }
}
