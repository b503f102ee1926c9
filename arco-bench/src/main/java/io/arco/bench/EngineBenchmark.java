package io.arco.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.ManualClock;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.SqliteEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * End-to-end command throughput through the engine's single writer, with the in-memory store and
 * with SQLite in a temporary directory ({@code store} parameter).
 *
 * <p>One op is the whole life of a run of 5 independent assets, as a worker drives it through the
 * engine API (without HTTP): {@code triggerRun}, one {@code lease} of the 5 tasks, then {@code
 * taskStarted} and {@code taskCompleted} for each: 12 commands, 22 events. So runs/s × 12 is
 * commands/s and runs/s × 22 is events/s. Every command returns only once its events are durable
 * (for SQLite: a {@code synchronous=FULL} WAL commit).
 *
 * <p>Why it matters: this is the orchestration overhead a worker sees per task, and the ceiling of
 * a workspace, which has exactly one writer. {@link #lifecycle} is one caller, so every command is
 * its own batch and its own commit; {@link #lifecycleEightThreads} has 8 callers at once, whose
 * commands queue while the writer commits and are then taken as one batch (group commit). On
 * SQLite, where each commit waits for the disk, that batching is what lets throughput grow with
 * callers; the teardown prints the appends and the events per append of each iteration to show
 * it.
 *
 * <p>Inputs: a fresh engine and store per iteration (so iterations are comparable), a manual clock
 * standing at 2026-11-26T00:00:00Z (no timer ever fires; the ticker is off), one deployed manifest
 * with 5 assets per benchmark thread, each thread's on its own worker queue, so that every lease
 * gets exactly its own run's 5 tasks. The engine keeps its default snapshot cadence (every 1,000
 * events; {@code snapshotEvery} parameter, 0 turns snapshots off).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class EngineBenchmark {
  static final io.arco.flow.model.Scope WS = new io.arco.flow.model.Scope("bench", "bench");
  static final int ASSETS_PER_RUN = 5;

  @Param({"memory", "sqlite"})
  public String store;

  @Param({"1000"})
  public int snapshotEvery;

  private Engine engine;
  private CountingEventStore counting;
  private Path dir;

  @Setup(Level.Iteration)
  public void open(BenchmarkParams params) throws IOException {
    EventStore base =
        switch (store) {
          case "memory" -> new InMemoryEventStore();
          case "sqlite" -> {
            dir = Files.createTempDirectory("arco-bench-");
            yield SqliteEventStore.open(dir.resolve("arco.db"));
          }
          default -> throw new IllegalArgumentException("store must be memory or sqlite: " + store);
        };
    counting = new CountingEventStore(base);
    engine =
        Engine.open(
            counting,
            new ManualClock(RunLogs.T0),
            EngineOptions.defaults()
                .withTickInterval(Duration.ZERO)
                .withSnapshotEvery(snapshotEvery));
    engine.deployManifest(WS, manifest(params.getThreads()), Optional.empty(), "bench");
    counting.reset();
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    long appends = counting.appends();
    long events = counting.events();
    System.out.printf(
        "%n[%s] %d appends, %d events, %.2f events/append; %d snapshots, last %,d bytes%n",
        store,
        appends,
        events,
        appends == 0 ? 0.0 : (double) events / appends,
        counting.snapshots(),
        counting.lastSnapshotBytes());
    engine.close();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      dir = null;
    }
  }

  /** One benchmark thread's view: its worker id, queue and the run it triggers. */
  @State(Scope.Thread)
  public static class Worker {
    String workerId;
    TriggerRequest trigger;
    LeaseRequest lease;

    @Setup(Level.Trial)
    public void setup(ThreadParams thread) {
      int q = thread.getThreadIndex();
      workerId = "bench-worker-" + q;
      trigger = TriggerRequest.of(assetKeys(q));
      lease = new LeaseRequest(workerId, List.of(queue(q)), ASSETS_PER_RUN, 0);
    }
  }

  /** A single caller drives one run at a time; returns the tasks it completed. */
  @Benchmark
  public int lifecycle(Worker w) {
    return runOnce(engine, w);
  }

  /** Eight callers each drive their own runs concurrently in the same workspace. */
  @Benchmark
  @Threads(8)
  public int lifecycleEightThreads(Worker w) {
    return runOnce(engine, w);
  }

  static int runOnce(Engine engine, Worker w) {
    engine.triggerRun(WS, w.trigger, "bench");
    List<LeasedTask> leased = engine.lease(WS, w.lease);
    if (leased.size() != ASSETS_PER_RUN) {
      throw new IllegalStateException("leased " + leased.size() + " tasks, expected " + ASSETS_PER_RUN);
    }
    for (LeasedTask t : leased) {
      EngineCalls.started(engine, WS, t, w.workerId);
    }
    int completed = 0;
    for (LeasedTask t : leased) {
      if (EngineCalls.succeeded(engine, WS, t, w.workerId).finalState() == TaskOutcome.SUCCEEDED) {
        completed++;
      }
    }
    return completed;
  }

  static String queue(int thread) {
    return "q" + thread;
  }

  static List<String> assetKeys(int thread) {
    List<String> keys = new ArrayList<>(ASSETS_PER_RUN);
    for (int a = 0; a < ASSETS_PER_RUN; a++) {
      keys.add("bench.q" + thread + "_a" + a);
    }
    return keys;
  }

  /** A manifest with 5 independent assets per thread, each thread's on its own queue. */
  static ObjectNode manifest(int threads) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = json.createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "bench-1");
    ArrayNode assets = m.putArray("assets");
    for (int t = 0; t < threads; t++) {
      for (String key : assetKeys(t)) {
        ObjectNode a = assets.addObject();
        a.putObject("key").put("namespace", "bench").put("name", key.substring("bench.".length()));
        a.put("id", "id-" + key);
        a.putObject("execution").put("queue", queue(t));
      }
    }
    return m;
  }
}
