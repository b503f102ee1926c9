package io.arco.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.f4b6a3.ulid.Ulid;
import io.arco.api.ArcoServer;
import io.arco.api.ServerConfig;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.TaskCallbacks;
import io.arco.flow.engine.TaskTokenClaims;
import io.arco.flow.engine.TriggerResult;
import io.arco.flow.engine.WorkspaceStats;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.SqliteEventStore;
import io.arco.flow.store.StoredSnapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child JVM of {@link HistoryScaleBenchmark}: every piece of work that opens the store runs in
 * one of these, so that the parent can SIGKILL it ({@link Process#destroyForcibly()}) and measure
 * what a fresh process needs to come back.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.arco.bench.HistoryScaleChild MODE key=value...} with
 * MODE one of
 *
 * <ul>
 *   <li>{@code drive dir=D from=F to=T threads=N timeoutSec=S}: opens the SQLite store in {@code D},
 *       deploys the manifest when {@code from=0}, and drives runs {@code F}..{@code T-1} of a
 *       5-task DAG through the engine API with {@code N} threads until {@code T} runs have finished
 *       or {@code S} seconds have passed; then reports the heap after a full GC and waits (for the
 *       parent's SIGKILL).
 *   <li>{@code open dir=D runId=R serve=true|false}: opens the store and the engine and reads run
 *       {@code R} (the workspace is loaded and answers); reports the time, the heap after a full GC
 *       and the stored snapshot; with {@code serve=true} starts an {@link ArcoServer} on port 0.
 *       On {@code close} from stdin it closes cleanly (final snapshot) and reports the time.
 *   <li>{@code replay dir=D runId=R}: deletes every row of the {@code snapshots} table, then does
 *       what {@code open} does: the load is a full replay of the log.
 * </ul>
 *
 * <p>Protocol: the child writes lines {@code @@tag key=value ...} on stdout (a trailing {@code
 * msg=} takes the rest of the line) and reads commands ({@code close}) from stdin; anything else
 * it prints is for humans. Logs go to stderr, which the parent sends to a file.
 */
public final class HistoryScaleChild {
  static final Scope WS = new Scope("bench", "history");
  static final String NAMESPACE = "hist";

  /** Task names of one run's DAG: a -> {b, c} -> d -> e. */
  static final List<String> TASKS = List.of("a", "b", "c", "d", "e");

  /** Every run whose index is {@code 9 mod 10} fails its task {@code d}; {@code e} is skipped. */
  static final int FAIL_EVERY = 10;

  static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

  /** Marks of the drive (runs finished, time since the drive started) every this many runs. */
  static final long MARK_EVERY = 10_000;

  private HistoryScaleChild() {}

  public static void main(String[] args) throws Exception {
    long mainStart = System.nanoTime();
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: HistoryScaleChild drive|open|replay key=value...");
    }
    Map<String, String> a = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value: " + args[i]);
      }
      a.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Path db = Path.of(required(a, "dir")).resolve("arco.db");
    switch (args[0]) {
      case "drive" ->
          drive(
              db,
              Long.parseLong(required(a, "from")),
              Long.parseLong(required(a, "to")),
              Integer.parseInt(required(a, "threads")),
              Long.parseLong(required(a, "timeoutSec")));
      case "open" -> open(db, mainStart, required(a, "runId"), Boolean.parseBoolean(a.getOrDefault("serve", "false")), false);
      case "replay" -> open(db, mainStart, required(a, "runId"), false, true);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing " + key + "=");
    }
    return v;
  }

  static void report(String line) {
    synchronized (System.out) {
      System.out.println("@@" + line);
      System.out.flush();
    }
  }

  // ---- drive -------------------------------------------------------------------------------------

  private static void drive(Path db, long from, long to, int threads, long timeoutSec) throws Exception {
    long t0 = System.nanoTime();
    Watch store = new Watch(SqliteEventStore.open(db));
    SteppingClock clock = new SteppingClock(startInstant(store));
    Engine engine = Engine.open(store, clock, EngineOptions.defaults().withTickInterval(Duration.ZERO));
    if (from == 0) {
      engine.deployManifest(WS, manifest(threads), Optional.of("history-scale-manifest"), "bench");
    }
    report(String.format(Locale.ROOT, "opened ms=%.1f", (System.nanoTime() - t0) / 1e6));
    store.reset();

    AtomicLong next = new AtomicLong(from);
    AtomicLong finished = new AtomicLong(from);
    AtomicReference<String> error = new AtomicReference<>();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSec);
    report("mark runs=" + from + " nanos=0");
    List<Thread> workers = new ArrayList<>();
    for (int q = 0; q < threads; q++) {
      int queue = q;
      workers.add(
          Thread.ofPlatform()
              .name("driver-" + q)
              .start(
                  () -> {
                    try {
                      driveLoop(engine, clock, queue, to, deadline, start, next, finished, error);
                    } catch (RuntimeException e) {
                      error.compareAndSet(null, e.toString());
                      e.printStackTrace();
                    }
                  }));
    }
    Thread progress =
        Thread.ofPlatform()
            .daemon()
            .name("progress")
            .start(
                () -> {
                  while (true) {
                    try {
                      Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                      return;
                    }
                    report(
                        "progress runs=" + finished.get() + " nanos=" + (System.nanoTime() - start) + " " + store.counters());
                  }
                });
    // Workers stop claiming runs at the deadline and finish the runs they hold; two minutes more
    // for those, then the drive is reported as it stands (a stuck engine keeps them forever).
    long joinUntil = deadline + TimeUnit.SECONDS.toNanos(120);
    boolean stuck = false;
    for (Thread w : workers) {
      long left = TimeUnit.NANOSECONDS.toMillis(joinUntil - System.nanoTime());
      if (left > 0) {
        w.join(left);
      }
      stuck |= w.isAlive();
    }
    long nanos = System.nanoTime() - start;
    progress.interrupt();
    long done = finished.get();
    String status =
        error.get() != null ? "error" : done >= to ? "reached" : stuck ? "stuck" : "timeout";
    report(
        "done status=" + status
            + " runs=" + done
            + " triggered=" + Math.min(next.get(), to)
            + " nanos=" + nanos
            + " " + store.counters()
            + (error.get() == null ? "" : " msg=" + oneLine(error.get())));
    report("heap bytes=" + heapAfterGc());
    // The parent SIGKILLs this process now; if it does not, the engine stays as it is.
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    Runtime.getRuntime().halt(0);
  }

  private static void driveLoop(
      Engine engine,
      SteppingClock clock,
      int q,
      long to,
      long deadline,
      long start,
      AtomicLong next,
      AtomicLong finished,
      AtomicReference<String> error) {
    String worker = "history-worker-" + q;
    TriggerRequest trigger = TriggerRequest.of(assetKeys(q));
    LeaseRequest now = new LeaseRequest(worker, List.of(queue(q)), TASKS.size(), 0);
    LeaseRequest wait = new LeaseRequest(worker, List.of(queue(q)), TASKS.size(), 200);
    String failing = NAMESPACE + "." + queue(q) + "_d";
    while (error.get() == null && System.nanoTime() < deadline) {
      long i = next.getAndIncrement();
      if (i >= to) {
        return;
      }
      boolean fail = i % FAIL_EVERY == FAIL_EVERY - 1;
      clock.step();
      TriggerResult run = engine.triggerRun(WS, trigger, "bench");
      if (i == 0) {
        report("firstRun id=" + run.runId());
      }
      // a, then b and c, then d, then e: four leases; a failing run ends after d (e is skipped).
      int expected = fail ? 4 : 5;
      int done = 0;
      int empty = 0;
      while (done < expected) {
        List<LeasedTask> leased = engine.lease(WS, empty == 0 ? now : wait);
        if (leased.isEmpty()) {
          if (++empty > 50) {
            throw new IllegalStateException("run " + run.runId() + ": nothing to lease after " + done + " tasks");
          }
          continue;
        }
        empty = 0;
        List<TaskTokenClaims> claims = new ArrayList<>(leased.size());
        for (LeasedTask t : leased) {
          if (!t.runId().equals(run.runId())) {
            throw new IllegalStateException("leased a task of run " + t.runId() + ", expected " + run.runId());
          }
          TaskTokenClaims c = EngineCalls.claims(WS, t);
          claims.add(c);
          engine.taskStarted(new TaskCallbacks.Started(c.taskId(), c, t.attempt(), t.attemptId(), worker));
        }
        for (int k = 0; k < leased.size(); k++) {
          LeasedTask t = leased.get(k);
          TaskTokenClaims c = claims.get(k);
          boolean failThis = fail && t.taskKey().equals(failing);
          TaskCallbacks.CompletedAck ack =
              engine.taskCompleted(
                  new TaskCallbacks.Completed(
                      c.taskId(),
                      c,
                      t.attempt(),
                      t.attemptId(),
                      worker,
                      failThis ? TaskOutcome.FAILED : TaskOutcome.SUCCEEDED,
                      Optional.empty(),
                      failThis
                          ? Optional.of(
                              new TaskError(
                                  ErrorCategory.DATA_QUALITY,
                                  "history-scale: every 10th run fails its task d",
                                  Optional.empty(),
                                  Optional.of(false)))
                          : Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty()));
          if (ack.finalState() != (failThis ? TaskOutcome.FAILED : TaskOutcome.SUCCEEDED)) {
            throw new IllegalStateException("task " + t.taskKey() + " ended " + ack.finalState());
          }
        }
        done += leased.size();
      }
      // The first failing run of each thread checks that the DAG does what the benchmark assumes.
      if (fail && i < (long) FAIL_EVERY * 16) {
        PublicRunState state = engine.getRun(WS, run.runId()).state();
        if (state != PublicRunState.FAILED) {
          throw new IllegalStateException("run " + run.runId() + " is " + state + ", expected FAILED");
        }
      }
      long n = finished.incrementAndGet();
      if (n % MARK_EVERY == 0 || n == to) {
        report("mark runs=" + n + " nanos=" + (System.nanoTime() - start));
      }
    }
  }

  static String queue(int thread) {
    return "q" + thread;
  }

  static List<String> assetKeys(int thread) {
    List<String> keys = new ArrayList<>(TASKS.size());
    for (String t : TASKS) {
      keys.add(NAMESPACE + "." + queue(thread) + "_" + t);
    }
    return keys;
  }

  /** Per driver thread, 5 assets a -> {b, c} -> d -> e on the thread's own queue. */
  static ObjectNode manifest(int threads) {
    ObjectNode m =
        new ObjectMapper().createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "history-1");
    ArrayNode assets = m.putArray("assets");
    for (int q = 0; q < threads; q++) {
      for (String t : TASKS) {
        String name = queue(q) + "_" + t;
        ObjectNode a = assets.addObject();
        a.putObject("key").put("namespace", NAMESPACE).put("name", name);
        a.put("id", "id-" + name);
        a.putObject("execution").put("queue", queue(q));
        List<String> upstream =
            switch (t) {
              case "b", "c" -> List.of("a");
              case "d" -> List.of("b", "c");
              case "e" -> List.of("d");
              default -> List.of();
            };
        if (!upstream.isEmpty()) {
          ArrayNode deps = a.putArray("dependencies");
          for (String u : upstream) {
            deps.addObject().putObject("upstreamKey").put("namespace", NAMESPACE).put("name", queue(q) + "_" + u);
          }
        }
      }
    }
    return m;
  }

  // ---- open / replay -----------------------------------------------------------------------------

  private static void open(Path db, long mainStart, String runId, boolean serve, boolean replay) throws Exception {
    if (replay) {
      long t = System.nanoTime();
      int deleted;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
          Statement st = c.createStatement()) {
        deleted = st.executeUpdate("DELETE FROM snapshots");
      }
      report(String.format(Locale.ROOT, "snapshotsDeleted rows=%d ms=%.1f", deleted, (System.nanoTime() - t) / 1e6));
    }
    long t0 = System.nanoTime();
    EventStore store = SqliteEventStore.open(db);
    Engine engine =
        Engine.open(store, new SteppingClock(startInstant(store)), EngineOptions.defaults().withTickInterval(Duration.ZERO));
    // The workspace answers a read: it is loaded (today Engine.open loads every workspace).
    engine.getRun(WS, runId);
    long ready = System.nanoTime();
    report(
        String.format(
            Locale.ROOT,
            "ready openMs=%.1f sinceMainMs=%.1f jvmUptimeMs=%d",
            (ready - t0) / 1e6,
            (ready - mainStart) / 1e6,
            ManagementFactory.getRuntimeMXBean().getUptime()));
    report("heap bytes=" + heapAfterGc());
    report(storeLine(db, store));
    report(runsLine(engine));
    ArcoServer server = null;
    if (serve) {
      server = ArcoServer.create(engine, ServerConfig.defaults()).start("127.0.0.1", 0);
      report("listening port=" + server.port());
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.trim().equals("close")) {
      // only "close" is a command
    }
    long c0 = System.nanoTime();
    if (server != null) {
      server.stop();
    }
    engine.close();
    report(String.format(Locale.ROOT, "closed ms=%.1f", (System.nanoTime() - c0) / 1e6));
    System.exit(0);
  }

  /** The head of the workspace and the stored snapshot (sequence, size), read by plain JDBC. */
  private static String storeLine(Path db, EventStore store) throws SQLException {
    long head = store.head(WS);
    long seq = -1;
    long bytes = -1;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        PreparedStatement st =
            c.prepareStatement(
                "SELECT seq, length(body) FROM snapshots WHERE tenant_id = ? AND workspace_id = ?"
                    + " ORDER BY length(body) DESC LIMIT 1")) {
      st.setString(1, WS.tenant());
      st.setString(2, WS.workspace());
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next()) {
          seq = rs.getLong(1);
          bytes = rs.getLong(2);
        }
      }
    }
    return "store head=" + head + " snapshotSeq=" + seq + " snapshotBytes=" + bytes;
  }

  /** How many runs the workspace holds, by public state ({@link Engine#stats()}). */
  private static String runsLine(Engine engine) {
    long total = 0;
    StringBuilder byState = new StringBuilder();
    for (WorkspaceStats w : engine.stats()) {
      if (w.scope().equals(WS)) {
        for (Map.Entry<String, Long> e : w.runsByState().entrySet()) {
          total += e.getValue();
          byState.append(byState.isEmpty() ? "" : ",").append(e.getKey()).append(':').append(e.getValue());
        }
      }
    }
    return "runs total=" + total + " byState=" + byState;
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** Heap used after full GCs: the least of three {@code System.gc()} + MemoryMXBean readings. */
  static long heapAfterGc() throws InterruptedException {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
      min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return min;
  }

  /** After the newest stored event (so new ids stay monotonic), and never before {@link #T0}. */
  static Instant startInstant(EventStore store) {
    Instant newest = store.newestEventId().map(Ulid::getInstant).orElse(T0);
    return (newest.isAfter(T0) ? newest : T0).plusSeconds(1);
  }

  static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }

  /**
   * A clock that moves 1 ms per triggered run and otherwise stands still: timers (heartbeat
   * timeouts of 300 s) never fire, and runs get distinct, increasing trigger times.
   */
  static final class SteppingClock implements InstantSource {
    private final AtomicLong millis;

    SteppingClock(Instant start) {
      this.millis = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    void step() {
      millis.incrementAndGet();
    }
  }

  /**
   * Counts what {@link CountingEventStore} counts (appends, events, snapshots written), plus
   * snapshots refused, the largest snapshot and the longest snapshot write.
   */
  static final class Watch extends CountingEventStore {
    final AtomicLong snapshotFailures = new AtomicLong();
    final AtomicLong maxSnapshotBytes = new AtomicLong();
    final AtomicLong maxSnapshotWriteNanos = new AtomicLong();

    Watch(EventStore delegate) {
      super(delegate);
    }

    /** The counters as {@code key=value} pairs of a report line. */
    String counters() {
      return String.format(
          Locale.ROOT,
          "appends=%d events=%d snapshots=%d snapshotFailures=%d maxSnapshotBytes=%d maxSnapshotWriteMs=%.0f",
          appends(),
          events(),
          snapshots(),
          snapshotFailures.get(),
          maxSnapshotBytes.get(),
          maxSnapshotWriteNanos.get() / 1e6);
    }

    @Override
    void reset() {
      super.reset();
      snapshotFailures.set(0);
      maxSnapshotBytes.set(0);
      maxSnapshotWriteNanos.set(0);
    }

    @Override
    public void saveSnapshot(Scope scope, StoredSnapshot snapshot) {
      long t = System.nanoTime();
      try {
        super.saveSnapshot(scope, snapshot);
      } catch (RuntimeException e) {
        long n = snapshotFailures.incrementAndGet();
        if (n <= 3 || n % 100 == 0) {
          report(
              "snapshotFailed n=" + n + " bytes=" + snapshot.bytes().length
                  + " msg=" + oneLine(String.valueOf(e.getMessage())));
        }
        throw e;
      }
      maxSnapshotBytes.accumulateAndGet(snapshot.bytes().length, Math::max);
      maxSnapshotWriteNanos.accumulateAndGet(System.nanoTime() - t, Math::max);
    }
  }
}
