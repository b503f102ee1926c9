package io.arco.bench;

import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.SystemMillisClock;
import io.arco.flow.model.Scope;
import io.arco.flow.store.SqliteEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The throughput benchmark of issue 12, a benchmark main: one run of a layered DAG ({@link
 * LayeredDag}, default 20 layers × 50 no-op assets, a barrier per layer) driven to SUCCEEDED by
 * worker threads, timed from the trigger to SUCCEEDED, on three systems in one invocation:
 *
 * <ol>
 *   <li><b>Arco over HTTP, black box</b>: {@code arco serve} in a child process ({@link
 *       ArcoServerProcess}: SQLite with {@code synchronous=FULL}, dev mode, no local worker); the
 *       DAG is deployed and triggered over HTTP and {@code --workers} threads poll {@code
 *       --max-tasks} tasks at a time (long poll {@code --wait-ms}) and send {@code started} and
 *       {@code completed} per task, each thread on its own keep-alive HTTP/1.1 connection;
 *   <li><b>Temporal</b>: the same DAG as a workflow on the SDK's in-process test server ({@link
 *       TemporalDag}), {@code --workers} activity slots;
 *   <li><b>Arco engine API in process</b>: an {@code Engine} on SQLite ({@code synchronous=FULL})
 *       in a temporary directory, the same worker loop without HTTP ({@link EngineDagTarget}).
 * </ol>
 *
 * <p>Each system gets {@code --warmups} untimed runs, then {@code --runs} timed runs of the same
 * workspace (history accumulates across runs, as it does on a server); printed: tasks/s per run
 * and the median, the ratio of Arco over HTTP to Temporal, and the targets. Progress goes
 * to standard error, the Markdown report to standard output. Run with {@code java -cp
 * arco-bench/target/benchmarks.jar io.arco.bench.ThroughputBenchmark --help}.
 */
@Command(
    name = "ThroughputBenchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Layered-DAG throughput: Arco over HTTP (arco serve), Temporal's test server, Arco's engine API.")
public final class ThroughputBenchmark implements Callable<Integer> {
  @Mixin ServerOptions serverOptions = new ServerOptions();

  static final Scope WS = new Scope("bench", "bench");
  /** The targets (tasks/s on the reference machine, and the HTTP/Temporal ratio). */
  static final double TARGET_RATIO = 2.0;
  static final double TARGET_ENGINE_TASKS_PER_SEC = 10_000;

  @Option(names = "--layers", defaultValue = "20", description = "Layers of the DAG (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--width", defaultValue = "50", description = "Assets per layer (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--workers", defaultValue = "8", description = "Worker threads; Temporal's activity slots (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--max-tasks", defaultValue = "8", description = "maxTasks of each poll, 1..100 (default ${DEFAULT-VALUE}).")
  int maxTasks;

  @Option(names = "--wait-ms", defaultValue = "1000", description = "Long-poll waitMs of each poll, 0..30000 (default ${DEFAULT-VALUE}).")
  int waitMs;

  @Option(names = "--runs", defaultValue = "3", description = "Timed runs per system (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmups", defaultValue = "1", description = "Untimed runs per system before them (default ${DEFAULT-VALUE}).")
  int warmups;

  @Option(
      names = "--callbacks",
      defaultValue = "per-task",
      description =
          "How workers report tasks: per-task (the contract's started and completed routes, task by task),"
              + " batch (POST /tasks/reports with every task's started, then one with every completed) or"
              + " coalesced (one /tasks/reports per poll with each task's started then completed)"
              + " (default ${DEFAULT-VALUE}).")
  String callbacks;

  @Option(names = "--skip-http", description = "Skip Arco over HTTP.")
  boolean skipHttp;

  @Option(names = "--skip-temporal", description = "Skip Temporal.")
  boolean skipTemporal;

  @Option(names = "--skip-engine", description = "Skip the in-process engine API.")
  boolean skipEngine;

  @Option(
      names = "--timeline",
      description =
          "Write what each HTTP worker did in the last timed run (poll sent, tasks back, reports answered) to"
              + " this CSV file, and log a summary of every run.")
  Optional<Path> timeline;

  @Option(names = "--timeout-sec", defaultValue = "600", description = "Longest a single run may take (default ${DEFAULT-VALUE}).")
  int timeoutSec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ThroughputBenchmark()).execute(args));
  }

  /** The timed runs of one system. */
  record Result(String system, String setup, List<DagRunner.Measurement> runs) {
    double median() {
      return Stats.median(runs.stream().mapToDouble(DagRunner.Measurement::tasksPerSecond).toArray());
    }

    /** The median share of the machine's CPU time busy during the runs, or "n/a". */
    String machineBusy() {
      double[] busy =
          runs.stream().filter(m -> m.machineBusy().isPresent()).mapToDouble(m -> m.machineBusy().getAsDouble()).toArray();
      return busy.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * Stats.median(busy));
    }
  }

  @Override
  public Integer call() throws Exception {
    if (maxTasks < 1 || maxTasks > 100 || waitMs < 0 || waitMs > 30_000 || workers < 1 || runs < 1 || warmups < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "need --max-tasks 1..100, --wait-ms 0..30000, --workers >= 1, --runs >= 1, --warmups >= 0");
    }
    LayeredDag dag = new LayeredDag(layers, width);
    Callbacks mode;
    try {
      mode = Callbacks.parse(callbacks);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    Duration timeout = Duration.ofSeconds(timeoutSec);
    Instant started = Instant.now();
    String loadAtStart = Machine.loadAverage();
    Progress.log("DAG " + dag + ", " + workers + " workers, maxTasks " + maxTasks + ", waitMs " + waitMs + ", "
        + warmups + " warm-up + " + runs + " timed runs per system");
    List<Result> results = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (!skipHttp) {
      results.add(http(dag, mode, timeout, notes));
    }
    if (!skipTemporal) {
      results.add(temporal(dag));
    }
    if (!skipEngine) {
      results.add(engine(dag, mode, timeout));
    }
    System.out.println(report(dag, started, loadAtStart, Machine.loadAverage(), results, notes));
    return 0;
  }

  private Result http(LayeredDag dag, Callbacks mode, Duration timeout, List<String> notes) throws Exception {
    Path dir = Files.createTempDirectory("arco-throughput-http-");
    try {
      ArcoServerProcess server = serverOptions.start(dir);
      notes.add("Arco server: `" + server.displayCommand() + "`");
      Progress.log("Arco over HTTP: server at " + server.baseUrl() + " (store and server.log in " + dir + ")");
      try {
        HttpDagTarget target = new HttpDagTarget(server.baseUrl(), WS, dag, workers, maxTasks, waitMs, mode);
        target.deploy();
        return new Result(
            "Arco over HTTP (`arco serve`, black box)",
            "SQLite `synchronous=FULL`, " + workers + " HTTP/1.1 keep-alive workers, maxTasks " + maxTasks
                + ", waitMs " + waitMs + ", callbacks " + mode.option(),
            measure(
                "http",
                () -> {
                  Optional<Duration> cpuBefore = server.cpuTime();
                  DagRunner.Measurement m = DagRunner.run(target, dag.tasks(), workers, timeout);
                  Optional<Duration> cpuAfter = server.cpuTime();
                  if (timeline.isPresent()) {
                    Progress.log("    " + target.timeline().summary());
                    Files.writeString(timeline.get(), target.timeline().csv());
                  }
                  if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                    // Until the workers' last long polls ended, a moment after SUCCEEDED.
                    Progress.log(
                        "    server process CPU " + cpuAfter.get().minus(cpuBefore.get()).toMillis() + " ms");
                  }
                  return m;
                }));
      } catch (RuntimeException e) {
        Progress.log("server output (tail):\n" + server.logTail());
        throw e;
      } finally {
        server.close();
      }
    } finally {
      serverOptions.cleanUp(dir);
    }
  }

  private Result temporal(LayeredDag dag) throws Exception {
    Progress.log("Temporal: starting the in-process test server (SDK " + TemporalDag.sdkVersion() + ")");
    try (TemporalDag t = new TemporalDag(workers)) {
      return new Result(
          "Temporal test server (in process)",
          "SDK " + TemporalDag.sdkVersion() + " `temporal-testing`, " + workers + " activity slots, "
              + dag.width() + " activities per layer awaited together",
          measure("temporal", () -> t.run(dag)));
    }
  }

  private Result engine(LayeredDag dag, Callbacks mode, Duration timeout) throws Exception {
    Path dir = Files.createTempDirectory("arco-throughput-engine-");
    CountingEventStore store = new CountingEventStore(SqliteEventStore.open(dir.resolve("arco.db")));
    try (Engine engine = Engine.open(store, new SystemMillisClock(), EngineOptions.defaults())) {
      EngineDagTarget target = new EngineDagTarget(engine, WS, dag, maxTasks, waitMs, mode);
      target.deploy();
      return new Result(
          "Arco engine API (in process)",
          "SQLite `synchronous=FULL`, engine defaults, " + workers + " worker threads, maxTasks " + maxTasks
              + ", callbacks " + mode.option(),
          measure(
              "engine",
              () -> {
                store.reset();
                long cpuBefore = WriterCpu.nanos();
                DagRunner.Measurement m = DagRunner.run(target, dag.tasks(), workers, timeout);
                long writerCpu = WriterCpu.nanos() - cpuBefore;
                Progress.log(
                    String.format(
                        Locale.ROOT,
                        "    %,d durable commits (%.1f per layer), %,d events; writer thread CPU %d ms,"
                            + " time in appends %d ms",
                        store.appends(), store.appends() / (double) dag.layers(), store.events(),
                        writerCpu / 1_000_000, store.appendNanos() / 1_000_000));
                return m;
              }));
    } finally {
      serverOptions.cleanUp(dir);
    }
  }

  /** A run of one system, for {@link #measure}. */
  interface Run {
    DagRunner.Measurement once() throws Exception;
  }

  private List<DagRunner.Measurement> measure(String name, Run run) throws Exception {
    for (int i = 1; i <= warmups; i++) {
      DagRunner.Measurement m = run.once();
      Progress.log(String.format(Locale.ROOT, "  %s warm-up %d/%d: %s", name, i, warmups, line(m)));
    }
    List<DagRunner.Measurement> out = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      DagRunner.Measurement m = run.once();
      Progress.log(String.format(Locale.ROOT, "  %s run %d/%d: %s", name, i, runs, line(m)));
      out.add(m);
    }
    return out;
  }

  static String line(DagRunner.Measurement m) {
    return String.format(
            Locale.ROOT,
            "%,d tasks in %.2f s = %,.0f tasks/s (trigger answered in %d ms)",
            m.tasks(), m.seconds(), m.tasksPerSecond(), m.triggerNanos() / 1_000_000)
        + (m.machineBusy().isPresent()
            ? String.format(Locale.ROOT, ", machine CPU busy %.0f%%", 100 * m.machineBusy().getAsDouble())
            : "");
  }

  String report(
      LayeredDag dag, Instant started, String loadAtStart, String loadAtEnd, List<Result> results, List<String> notes) {
    StringBuilder b = new StringBuilder();
    b.append("### Throughput (`ThroughputBenchmark`)\n\n");
    b.append("* Date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" (UTC)\n");
    b.append("* Machine: ").append(Machine.describe()).append('\n');
    b.append("* Load average (1/5/15 min): ").append(loadAtStart).append(" at the start, ").append(loadAtEnd)
        .append(" at the end\n");
    b.append("* JDK: ").append(Machine.jdk()).append('\n');
    b.append("* Workload: ").append(dag).append(", every asset depending on every asset of the layer before; ")
        .append(warmups).append(" warm-up and ").append(runs).append(" timed runs per system, trigger → SUCCEEDED\n");
    for (String n : notes) {
      b.append("* ").append(n).append('\n');
    }
    b.append('\n');
    b.append("| System | Setup |");
    for (int i = 1; i <= runs; i++) {
      b.append(" run ").append(i).append(" (tasks/s) |");
    }
    b.append(" median (tasks/s) | machine CPU busy (median) |\n|---|---|");
    b.append("---:|".repeat(runs + 2)).append('\n');
    for (Result r : results) {
      b.append("| ").append(r.system()).append(" | ").append(r.setup()).append(" |");
      for (DagRunner.Measurement m : r.runs()) {
        b.append(String.format(Locale.ROOT, " %,.0f (%.2f s) |", m.tasksPerSecond(), m.seconds()));
      }
      b.append(String.format(Locale.ROOT, " **%,.0f** | %s |%n", r.median(), r.machineBusy()));
    }
    Optional<Result> http = find(results, "Arco over HTTP");
    Optional<Result> temporal = find(results, "Temporal");
    Optional<Result> engine = find(results, "Arco engine API");
    b.append('\n');
    if (http.isPresent() && temporal.isPresent()) {
      double ratio = http.get().median() / temporal.get().median();
      b.append(String.format(
          Locale.ROOT,
          "* Arco over HTTP / Temporal test server (medians): **%.2f×** (target ≥ %.0f×: %s)%n",
          ratio, TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "not met"));
    }
    if (engine.isPresent() && temporal.isPresent()) {
      b.append(String.format(
          Locale.ROOT,
          "* Arco engine API / Temporal test server (medians): %.2f×%n",
          engine.get().median() / temporal.get().median()));
    }
    if (engine.isPresent()) {
      double e = engine.get().median();
      b.append(String.format(
          Locale.ROOT,
          "* Arco engine API on SQLite FULL: %,.0f tasks/s (target ≥ %,.0f: %s)%n",
          e, TARGET_ENGINE_TASKS_PER_SEC, e >= TARGET_ENGINE_TASKS_PER_SEC ? "met" : "not met"));
    }
    return b.toString();
  }

  private static Optional<Result> find(List<Result> results, String prefix) {
    return results.stream().filter(r -> r.system().startsWith(prefix)).findFirst();
  }

}
