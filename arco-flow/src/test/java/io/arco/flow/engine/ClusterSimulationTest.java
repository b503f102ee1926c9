package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.error.StoreException;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.PostgresEventStore;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.ClusterInvariants;
import io.arco.flow.testing.ClusterFaults;
import io.arco.flow.testing.FaultyClusterStore;
import io.arco.flow.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded fault simulation of three serving nodes on one PostgreSQL database (decisions §7.11).
 *
 * <p>Each seed fixes a plan: clients trigger runs (with run keys, some repeated) and workers poll and
 * report through randomly chosen nodes, the shared manual clock moves across schedule ticks, retry
 * backoffs and heartbeat timeouts, and faults strike — a node killed (its database connections gone
 * at once, no goodbye), restarted under the same id, paused past its lease (its store calls wait, a
 * stand-in for a stop-the-world pause), or cut off from the database ({@code pg_terminate_backend}).
 * A client whose node does not write the workspace forwards to the writer the route names, and after
 * an answer reads its own write back on the node it asked. A call that times out has an unknown
 * outcome and is retried with the same run key, as a careful client would.
 *
 * <p>Once faults stop, workers finish everything, and the test checks the invariants: every
 * acknowledged trigger, completion and deploy exists exactly once in the log; one run per run key
 * and per schedule tick; no task both skipped and started; every run terminal; and every live node's
 * projections equal, byte for byte, a full replay of the log. Thread timing is not seeded, so a seed
 * fixes the plan rather than every interleaving; a failing seed is printed, and {@code
 * -Darco.sim.seed=N} reruns it ({@code -Darco.sim.seeds=N} runs N seeds, 50 by default; {@code
 * -Darco.sim.keepGoing=true} runs every seed and reports all that failed).
 */
@Tag("postgres")
class ClusterSimulationTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSimulationTest.class);
  @RegisterExtension static final TestPostgres PG = new TestPostgres();

  private static final Scope WS = new Scope("t1", "w1");
  private static final Duration LEASE = Duration.ofMillis(400);
  private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().name("sim-call").unstarted(r));

  /** Failover times seen across seeds (writer killed → a command acknowledged again), in ms. */
  private static final List<Long> FAILOVERS = new ArrayList<>();

  @AfterAll
  static void report() {
    if (!FAILOVERS.isEmpty()) {
      List<Long> sorted = FAILOVERS.stream().sorted().toList();
      LOG.info(
          "cluster simulation: {} failovers, median {} ms, max {} ms",
          sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
  }

  @Test
  void everyInvariantHoldsUnderSeededFaults() {
    String one = System.getProperty("arco.sim.seed", "");
    List<Long> seeds = new ArrayList<>();
    if (!one.isBlank()) {
      seeds.add(Long.parseLong(one));
    } else {
      int n = Integer.getInteger("arco.sim.seeds", 50);
      long first = Long.getLong("arco.sim.firstSeed", 1);
      for (long s = first; s < first + n; s++) {
        seeds.add(s);
      }
    }
    boolean keepGoing = Boolean.getBoolean("arco.sim.keepGoing");
    List<AssertionError> failures = new ArrayList<>();
    for (long seed : seeds) {
      try {
        new Simulation(seed, PG.newDatabase()).run();
      } catch (Throwable t) {
        AssertionError failure =
            new AssertionError(
                "cluster simulation failed for seed " + seed + " (rerun: -Darco.sim.seed=" + seed + "): "
                    + t.getMessage(),
                t);
        if (!keepGoing) {
          throw failure;
        }
        LOG.error("{}", failure.getMessage(), t);
        failures.add(failure);
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(
          failures.size() + " of " + seeds.size() + " seeds failed: "
              + failures.stream().map(Throwable::getMessage).toList(),
          failures.get(0));
    }
  }

  private static final class Simulation {
    final long seed;
    final Random random;
    final String dbUrl;
    final ManualClock clock = new ManualClock(T0);
    final List<Node> nodes = new ArrayList<>();
    final List<ClusterInvariants.AckedTrigger> triggers = new ArrayList<>();
    /** Acknowledged completions: attempt id → outcome. */
    final Map<String, TaskOutcome> completions = new LinkedHashMap<>();
    final Set<String> manifests = new HashSet<>();
    int deploys;
    /** Acknowledged backfills: request id → backfill id. */
    final Map<String, String> backfills = new LinkedHashMap<>();
    Optional<Long> killedAt = Optional.empty();
    /** The node the last acknowledged command was sent to. */
    Engine lastAsked;
    final ClusterFaults<Node> faults;

    Simulation(long seed, String dbUrl) {
      this.seed = seed;
      this.random = new Random(seed);
      this.dbUrl = dbUrl;
      this.faults = new ClusterFaults<>(random, dbUrl, LEASE, nodes);
    }

    /** One node: its id, its store and its engine ({@code engine} is empty while it is down). */
    final class Node implements ClusterFaults.Member {
      final String id;
      final String url;
      FaultyClusterStore store;
      Optional<Engine> engine = Optional.empty();

      Node(String id) {
        this.id = id;
        this.url = "http://" + id + ".sim:8080";
      }

      @Override
      public boolean up() {
        return engine.isPresent();
      }

      @Override
      public FaultyClusterStore store() {
        return store;
      }

      @Override
      public String applicationName() {
        return "sim-" + id;
      }

      @Override
      public void start() {
        store = new FaultyClusterStore(PostgresEventStore.open(ClusterFaults.urlFor(dbUrl, applicationName())));
        engine =
            Optional.of(
                Engine.open(
                    store,
                    clock,
                    EngineOptions.defaults()
                        .withTickInterval(Duration.ZERO)
                        .withSnapshotEvery(20 + random.nextInt(50))
                        .withCluster(new ClusterOptions(id, url, LEASE))));
      }

      /** The kill; a killed writer starts the failover clock. */
      @Override
      public void kill() {
        boolean wasWriter;
        try {
          wasWriter = engine.orElseThrow().writerRoute(WS) instanceof WriterRoute.Local;
        } catch (RuntimeException e) {
          wasWriter = false;
        }
        store.close();
        engine.orElseThrow().close();
        engine = Optional.empty();
        if (wasWriter) {
          killedAt = Optional.of(System.nanoTime());
        }
      }
    }

    void run() throws Exception {
      for (int i = 0; i < 3; i++) {
        Node n = new Node("n" + i);
        nodes.add(n);
        n.start();
      }
      try {
        deploy();
        int steps = 25 + random.nextInt(15);
        for (int step = 0; step < steps; step++) {
          act();
        }
        faults.end();
        settle();
        check();
        LOG.info(
            "seed {}: {} acknowledged triggers, {} backfills, {} completions, faults {}",
            seed, triggers.size(), backfills.size(), completions.size(), faults.counts());
      } finally {
        faults.release();
        for (Node n : nodes) {
          n.engine.ifPresent(Engine::close);
        }
      }
    }

    // ---- nodes ---------------------------------------------------------------------------------

    List<Node> up() {
      return faults.up();
    }

    Node anyUp() {
      List<Node> up = up();
      return up.get(random.nextInt(up.size()));
    }

    // ---- clients ------------------------------------------------------------------------------

    /**
     * Runs a command as a client would: asks a node where it must run, runs it there (forwarding),
     * then has the asked node catch up so its reads show the write. Retries while no node takes it
     * or the outcome is unknown (a timeout); empty when it was refused for good (a 4xx).
     */
    <R> Optional<R> command(Function<Engine, R> op) throws Exception {
      for (int attempt = 0; attempt < 200; attempt++) {
        Node origin = anyUp();
        Engine asked = origin.engine.orElseThrow();
        try {
          WriterRoute route = call(() -> asked.writerRoute(WS));
          Engine target =
              switch (route) {
                case WriterRoute.Local l -> asked;
                case WriterRoute.Remote r ->
                    nodes.stream()
                        .filter(n -> n.url.equals(r.url()) && n.engine.isPresent())
                        .findFirst()
                        .flatMap(n -> n.engine)
                        .orElse(null);
                case WriterRoute.Unavailable u -> null;
              };
          if (target == null) {
            Thread.sleep(20);
            continue;
          }
          R out = call(() -> op.apply(target));
          call(() -> asked.catchUp(WS));
          lastAsked = asked;
          if (killedAt.isPresent()) {
            synchronized (FAILOVERS) {
              FAILOVERS.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt.get()));
            }
            killedAt = Optional.empty();
          }
          return Optional.of(out);
        } catch (FlowException e) {
          if (e.error() instanceof FlowError.WriterUnavailable
              || e.error() instanceof FlowError.StoreUnavailable) {
            Thread.sleep(20);
            continue;
          }
          return Optional.empty();
        } catch (TimeoutException | StoreException | EngineClosedException e) {
          Thread.sleep(20);
        }
      }
      throw new AssertionError("no node took a command in 200 attempts");
    }

    /** Calls {@code work} with a deadline (a paused node does not answer). */
    <R> R call(java.util.concurrent.Callable<R> work) throws Exception {
      Future<R> f = CALLS.submit(work);
      try {
        return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    /** Deploys the manifest as code version {@code c<seed>-<n>} under its own Idempotency-Key. */
    void deploy() throws Exception {
      int n = deploys++;
      ObjectNode m =
          JSON.createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "c" + seed + "-" + n);
      ArrayNode assets = m.putArray("assets");
      asset(assets, "d.a");
      asset(assets, "d.b", "d.a");
      asset(assets, "d.c", "d.a");
      asset(assets, "d.d", "d.b", "d.c");
      asset(assets, "d.p");
      ((ObjectNode) assets.get(4))
          .putObject("partitioning")
          .putArray("dimensions")
          .addObject()
          .put("name", "date")
          .put("kind", "time")
          .put("granularity", "day");
      ObjectNode s = m.putArray("schedules").addObject();
      s.put("id", "hourly").put("cron", "0 * * * *");
      s.putArray("assets").add("d.a");
      String id =
          command(e -> e.deployManifest(WS, m, Optional.of("deploy-" + seed + "-" + n), "sim").manifestId())
              .orElseThrow();
      manifests.add(id);
    }

    private static void asset(ArrayNode assets, String key, String... ups) {
      String[] k = key.split("\\.", 2);
      ObjectNode a = assets.addObject();
      a.putObject("key").put("namespace", k[0]).put("name", k[1]);
      a.put("id", "id-" + key);
      ObjectNode exec = a.putObject("execution");
      exec.putObject("retry").put("maxAttempts", 3).put("backoffSeconds", 60);
      exec.put("heartbeatTimeoutSeconds", 60);
      if (ups.length > 0) {
        ArrayNode deps = a.putArray("dependencies");
        for (String up : ups) {
          String[] u = up.split("\\.", 2);
          deps.addObject().putObject("upstreamKey").put("namespace", u[0]).put("name", u[1]);
        }
      }
    }

    void act() throws Exception {
      int roll = random.nextInt(100);
      if (roll < 25) {
        trigger();
      } else if (roll < 30) {
        backfill();
      } else if (roll < 33) {
        deploy();
      } else if (roll < 65) {
        work(true);
      } else if (roll < 80) {
        advanceClock(Duration.ofMinutes(1 + random.nextInt(70)));
      } else {
        faults.strike();
      }
    }

    /** A backfill of a few days of {@code d.p}; the same request id always asks the same range. */
    void backfill() throws Exception {
      int k = random.nextInt(4);
      String request = "bf-" + k;
      BackfillRequest b =
          new BackfillRequest(
              List.of("d.p"),
              new io.arco.flow.model.PartitionSelector.Range("2025-02-0" + (1 + k), "2025-02-0" + (3 + k)),
              Optional.of(request),
              1,
              2);
      command(e -> e.createBackfill(WS, b)).ifPresent(r -> backfills.put(request, r.backfillId()));
    }

    void trigger() throws Exception {
      String runKey = "k" + random.nextInt(12);
      // The same key always asks the same thing, so a repeat answers the first run.
      String fixedAsset = List.of("d.a", "d.b", "d.d").get(Math.floorMod(runKey.hashCode(), 3));
      TriggerRequest t =
          new TriggerRequest(
              List.of(fixedAsset), true, false, List.of(), Optional.empty(), Optional.of(runKey), Map.of());
      Optional<TriggerResult> r = command(e -> e.triggerRun(WS, t, "sim"));
      if (r.isPresent()) {
        triggers.add(new ClusterInvariants.AckedTrigger(runKey, r.get().runId()));
        // Read-your-writes: the node the client asked (it caught up in command()) shows the run.
        assertThat(lastAsked.getRun(WS, r.get().runId()).runId()).isEqualTo(r.get().runId());
      }
    }

    /**
     * A worker on some node polls and reports. With {@code faulty}, some tasks fail (retryable) and
     * some workers vanish after leasing (their tasks time out and are retried).
     */
    void work(boolean faulty) throws Exception {
      Optional<List<LeasedTask>> leased =
          command(e -> e.lease(WS, new LeaseRequest("w" + random.nextInt(3), List.of("default-queue"), 4, 0)));
      for (LeasedTask t : leased.orElse(List.of())) {
        int roll = random.nextInt(100);
        if (faulty && roll < 10) {
          continue; // the worker died with the task
        }
        var claims =
            new TaskTokenClaims(
                Ids.callbackTaskId(t.runId(), t.taskKey()), WS.tenant(), WS.workspace(),
                Optional.of(t.runId()), Optional.of(t.attempt()), Optional.of(t.attemptId()));
        String taskId = claims.taskId();
        Optional<?> started =
            command(e -> e.taskStarted(new TaskCallbacks.Started(taskId, claims, t.attempt(), t.attemptId(), "w")));
        if (started.isEmpty()) {
          continue;
        }
        boolean fail = faulty && roll < 25;
        TaskOutcome outcome = fail ? TaskOutcome.FAILED : TaskOutcome.SUCCEEDED;
        Optional<TaskError> error =
            fail
                ? Optional.of(new TaskError(ErrorCategory.INFRASTRUCTURE, "sim", Optional.empty(), Optional.of(true)))
                : Optional.empty();
        Optional<TaskCallbacks.CompletedAck> done =
            command(
                e ->
                    e.taskCompleted(
                        new TaskCallbacks.Completed(
                            taskId, claims, t.attempt(), t.attemptId(), "w", outcome, Optional.empty(), error,
                            Optional.empty(), Optional.empty(), Optional.empty())));
        if (done.isPresent()) {
          completions.put(t.attemptId(), outcome);
        }
      }
    }

    void advanceClock(Duration d) throws Exception {
      clock.moveTo(clock.instant().plus(d));
      for (Node n : up()) {
        if (!faults.paused(n)) {
          try {
            call(
                () -> {
                  n.engine.orElseThrow().tickAllAndWait();
                  return true;
                });
          } catch (TimeoutException | StoreException | FlowException | EngineClosedException e) {
            // a node in trouble; the writer that replaces it runs the controllers
          }
        }
      }
    }

    /** Without faults, workers finish every run; the clock moves so retries come due. */
    void settle() throws Exception {
      for (int round = 0; round < 300; round++) {
        if (allTerminal()) {
          return;
        }
        work(false);
        if (round % 3 == 2) {
          advanceClock(Duration.ofMinutes(5));
        }
      }
      assertThat(allTerminal()).as("every run reaches a terminal state once faults stop").isTrue();
    }

    /**
     * Whether every run and backfill has ended, as the writer reads them; a read the store could not
     * answer (a connection dropped by the last fault) counts as not yet.
     */
    boolean allTerminal() throws Exception {
      try {
        return allTerminalNow();
      } catch (io.arco.flow.error.StoreException | io.arco.flow.error.FlowException e) {
        return false;
      }
    }

    boolean allTerminalNow() throws Exception {
      Engine e = writer();
      for (String id : backfills.values()) {
        if (!e.getBackfill(WS, id).state().isTerminal()) {
          return false;
        }
      }
      Set<String> runs = ClusterInvariants.runIds(ClusterInvariants.log(dbUrl, WS));
      for (String runId : runs) {
        if (!e.getRun(WS, runId).state().isTerminal()) {
          return false;
        }
      }
      return true;
    }

    Engine writer() throws Exception {
      for (int i = 0; i < 200; i++) {
        for (Node n : up()) {
          if (n.engine.orElseThrow().writerRoute(WS) instanceof WriterRoute.Local) {
            return n.engine.get();
          }
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no node writes the workspace");
    }

    // ---- invariants ---------------------------------------------------------------------------

    void check() throws Exception {
      List<StoredEvent> log = ClusterInvariants.log(dbUrl, WS);
      ClusterInvariants.checkLog(log, triggers, completions.keySet());
      ClusterInvariants.checkBackfills(log, backfills);
      Engine w = writer();
      ClusterInvariants.checkRuns(log, runId -> w.getRun(WS, runId));
      try (PostgresEventStore s = PostgresEventStore.open(dbUrl)) {
        assertThat(s.manifests(WS))
            .extracting(m -> m.manifestId())
            .as("each acknowledged deploy stored once, and nothing else")
            .containsExactlyInAnyOrderElementsOf(manifests);
        assertThat(manifests).as("each deploy its own manifest").hasSize(deploys);
        FoldState replay = new FoldState(WorkspaceEngine.runIdSecret(s, WS));
        LogReplay.replay(s, WS, replay, 0, s.head(WS), new RecentRuns());
        byte[] expected = SnapshotCodec.encode(replay.snapshot());
        for (Node n : up()) {
          Engine e = n.engine.orElseThrow();
          e.catchUp(WS);
          assertThat(ClusterInvariants.liveState(e, WS))
              .as("node %s's projections equal a full replay of the log", n.id)
              .isEqualTo(expected);
        }
      }
    }
  }
}
