package io.arco.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.engine.BackfillRequest;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.ManualClock;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.Scope;
import io.arco.flow.query.BackfillView;
import io.arco.flow.query.PartitionCursor;
import io.arco.flow.query.PartitionQuery;
import io.arco.flow.query.PartitionStatusView;
import io.arco.flow.query.PartitionSummary;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.SqliteEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The partition scale benchmark of issue 6, a benchmark main (not JMH: one long scenario, not a
 * hot loop): a backfill of 100,000 partitions of one asset partitioned daily × static (10,000 days
 * × 10 regions) is created, chunked and driven to completion by in-process workers through the
 * engine API (lease, complete), then partition status of that asset is queried.
 *
 * <p>Printed: creation time; runs planned per second and tasks completed per second over the whole
 * drive; the time of the first page, a page deep in the asset, and the summary of 100,000
 * partitions (each the median of 21 reads after 5 warm-up reads); and the heap used after a GC.
 *
 * <p>Arguments (all optional, {@code key=value}): {@code store=memory|sqlite} (default memory),
 * {@code days=10000}, {@code regions=10}, {@code chunkSize=100}, {@code concurrency=8}, {@code
 * workers=4}, {@code batch=100} (tasks per lease). Run with {@code java -cp
 * arco-bench/target/benchmarks.jar io.arco.bench.PartitionScaleBenchmark}.
 */
public final class PartitionScaleBenchmark {
  private static final Scope WS = new Scope("bench", "scale");
  private static final String ASSET = "scale.events";

  private PartitionScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    String store = arg(args, "store", "memory");
    int days = Integer.parseInt(arg(args, "days", "10000"));
    int regions = Integer.parseInt(arg(args, "regions", "10"));
    int chunkSize = Integer.parseInt(arg(args, "chunkSize", "100"));
    int concurrency = Integer.parseInt(arg(args, "concurrency", "8"));
    int workers = Integer.parseInt(arg(args, "workers", "4"));
    int batch = Integer.parseInt(arg(args, "batch", "100"));
    Path dir = Files.createTempDirectory("arco-scale-");
    EventStore events =
        store.equals("sqlite") ? SqliteEventStore.open(dir.resolve("arco.db")) : new InMemoryEventStore();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-26T00:00:00Z"));
    try (Engine engine = Engine.open(events, clock, EngineOptions.defaults().withTickInterval(Duration.ZERO))) {
      engine.deployManifest(WS, manifest(regions), Optional.empty(), "bench");
      LocalDateRange range = new LocalDateRange("2000-01-01", days);

      long t0 = System.nanoTime();
      String id =
          engine
              .createBackfill(
                  WS,
                  new BackfillRequest(
                      List.of(ASSET),
                      new PartitionSelector.Range(range.start(), range.end()),
                      Optional.of("scale-1"),
                      chunkSize,
                      concurrency))
              .backfillId();
      long created = System.nanoTime() - t0;
      long partitions = engine.getBackfill(WS, id).totalPartitions();

      AtomicLong tasks = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      long t1 = System.nanoTime();
      for (int w = 0; w < workers; w++) {
        String worker = "w" + w;
        threads.add(Thread.ofPlatform().start(() -> work(engine, worker, batch, id, tasks)));
      }
      for (Thread t : threads) {
        t.join();
      }
      long drive = System.nanoTime() - t1;
      BackfillView done = engine.getBackfill(WS, id);
      if (done.state() != BackfillState.SUCCEEDED || tasks.get() != partitions) {
        throw new IllegalStateException("backfill did not complete: " + done + ", tasks " + tasks.get());
      }
      long runs = done.chunkCounts().total();

      double firstPage = medianMs(() -> engine.listPartitions(WS, page(Optional.empty())));
      PartitionStatusView deep = pageAt(engine, partitions / 2);
      double deepPage =
          medianMs(
              () ->
                  engine.listPartitions(
                      WS, page(Optional.of(new PartitionCursor(deep.assetKey(), deep.partitionKey())))));
      double summary = medianMs(() -> engine.partitionSummary(WS, ASSET));
      PartitionSummary counts = engine.partitionSummary(WS, ASSET);

      System.gc();
      Runtime rt = Runtime.getRuntime();
      long heap = rt.totalMemory() - rt.freeMemory();

      System.out.printf(
          Locale.ROOT,
          "store=%s partitions=%d (days=%d x regions=%d) chunkSize=%d maxConcurrentRuns=%d workers=%d%n",
          store, partitions, days, regions, chunkSize, concurrency, workers);
      System.out.printf(Locale.ROOT, "create backfill:            %.1f ms%n", created / 1e6);
      System.out.printf(
          Locale.ROOT,
          "drive to SUCCEEDED:         %.1f s, %d runs (%.1f runs/s planned and finished), %d tasks (%.0f tasks/s)%n",
          drive / 1e9, runs, runs / (drive / 1e9), tasks.get(), tasks.get() / (drive / 1e9));
      System.out.printf(
          Locale.ROOT,
          "partition status (%d rows of %s, %d materialized): first page %.3f ms, page at %d %.3f ms, summary %.3f ms%n",
          counts.totalPartitions(), ASSET, counts.materializedPartitions(), firstPage, partitions / 2, deepPage, summary);
      System.out.printf(Locale.ROOT, "heap used after GC:         %.0f MB%n", heap / 1048576.0);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private record LocalDateRange(String start, int days) {
    String end() {
      return java.time.LocalDate.parse(start).plusDays(days - 1L).toString();
    }
  }

  private static PartitionQuery page(Optional<PartitionCursor> after) {
    return new PartitionQuery(Optional.of(ASSET), false, Optional.empty(), after, 200);
  }

  /** The row at position {@code index} of the asset, reached by paging. */
  private static PartitionStatusView pageAt(Engine engine, long index) {
    Optional<PartitionCursor> after = Optional.empty();
    long seen = 0;
    while (true) {
      List<PartitionStatusView> rows =
          engine.listPartitions(
              WS, new PartitionQuery(Optional.of(ASSET), false, Optional.empty(), after, 200));
      for (int i = 0; i < Math.min(200, rows.size()); i++) {
        if (seen++ == index) {
          return rows.get(i);
        }
      }
      PartitionStatusView last = rows.get(Math.min(200, rows.size()) - 1);
      after = Optional.of(new PartitionCursor(last.assetKey(), last.partitionKey()));
    }
  }

  private static void work(Engine engine, String worker, int batch, String backfillId, AtomicLong tasks) {
    while (true) {
      List<LeasedTask> leased =
          engine.lease(WS, new LeaseRequest(worker, List.of("default-queue"), batch, 200));
      if (leased.isEmpty()) {
        if (engine.getBackfill(WS, backfillId).state().isTerminal()) {
          return;
        }
        continue;
      }
      for (LeasedTask t : leased) {
        EngineCalls.succeeded(engine, WS, t, worker);
        tasks.incrementAndGet();
      }
    }
  }

  private static double medianMs(Runnable read) {
    for (int i = 0; i < 5; i++) {
      read.run();
    }
    double[] ms = new double[21];
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      read.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    java.util.Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  private static ObjectNode manifest(int regions) {
    ObjectNode m = new ObjectMapper().createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "bench");
    ObjectNode a = m.putArray("assets").addObject();
    a.putObject("key").put("namespace", "scale").put("name", "events");
    a.put("id", "events");
    ArrayNode dims = a.putObject("partitioning").putArray("dimensions");
    dims.addObject().put("name", "date").put("kind", "time").put("granularity", "day");
    ArrayNode values = dims.addObject().put("name", "region").put("kind", "static").putArray("values");
    for (int r = 0; r < regions; r++) {
      values.add(String.format(Locale.ROOT, "region-%02d", r));
    }
    return m;
  }

  private static String arg(String[] args, String key, String dflt) {
    for (String a : args) {
      if (a.startsWith(key + "=")) {
        return a.substring(key.length() + 1);
      }
    }
    return dflt;
  }
}
