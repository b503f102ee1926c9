package io.arco.api.cluster;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.ServerConfig;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.api.testing.Worker;
import io.arco.flow.engine.ClusterOptions;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.ManualClock;
import io.arco.flow.engine.WriterRoute;
import io.arco.flow.model.Scope;
import io.arco.flow.store.PostgresEventStore;
import io.arco.flow.store.StoredEvent;
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
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seeded fault simulation of three serving nodes, over HTTP (decisions §7.11): the engine-level
 * simulation in arco-flow ({@code ClusterSimulationTest}) runs many seeds; this one drives real
 * servers, so commands are forwarded between nodes by the HTTP layer itself, with its
 * read-your-writes catch-up and its 503 {@code WRITER_UNAVAILABLE} answers.
 *
 * <p>Clients and workers pick a node at random for every request; a 503 or a node that does not
 * answer is retried on another node with the same run key. Faults by seed: a node killed (its
 * database connections closed at once, then its server stopped), restarted on its port and id,
 * paused past its lease, or cut off from the database. Each node's clock is moved to the same time
 * through {@code /api/v1/debug/clock}. Once faults stop and every run has ended, the log is checked
 * as in the engine-level simulation, and every node's projections must equal those of the
 * operator's rebuild of the log ({@code Engine.rebuild}). {@code -Darco.httpsim.seed=N} reruns a
 * seed; {@code -Darco.httpsim.seeds=N} runs N seeds (5 by default).
 */
@Tag("postgres")
class ClusterHttpSimulationTest {
  @RegisterExtension static final TestPostgres PG = new TestPostgres();

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ClusterHttpSimulationTest.class);
  private static final Scope WS = new Scope("t1", "w1");
  private static final Duration LEASE = Duration.ofMillis(500);

  @Test
  void forwardedCommandsStayExactlyOnceAndNodesEqualARebuildUnderSeededFaults() {
    String one = System.getProperty("arco.httpsim.seed", "");
    List<Long> seeds = new ArrayList<>();
    if (!one.isBlank()) {
      seeds.add(Long.parseLong(one));
    } else {
      for (long s = 1; s <= Integer.getInteger("arco.httpsim.seeds", 5); s++) {
        seeds.add(s);
      }
    }
    for (long seed : seeds) {
      try {
        new Simulation(seed, PG.newDatabase()).run();
      } catch (Throwable t) {
        throw new AssertionError(
            "HTTP cluster simulation failed for seed " + seed + " (rerun: -Darco.httpsim.seed=" + seed + "): "
                + t.getMessage(),
            t);
      }
    }
  }

  private static final class Simulation {
    final long seed;
    final Random random;
    final String dbUrl;
    final List<Node> nodes = new ArrayList<>();
    final List<ClusterInvariants.AckedTrigger> triggers = new ArrayList<>();
    final Set<String> completions = new HashSet<>();
    Instant now = TestServer.START;
    final ClusterFaults<Node> faults;

    Simulation(long seed, String dbUrl) {
      this.seed = seed;
      this.random = new Random(seed);
      this.dbUrl = dbUrl;
      this.faults = new ClusterFaults<>(random, dbUrl, LEASE, nodes);
    }

    /** One node: a real server on a port of its own ({@code server} is empty while it is down). */
    final class Node implements ClusterFaults.Member {
      final String id;
      final int port = TestServer.freePort();
      FaultyClusterStore store;
      Optional<TestServer> server = Optional.empty();

      Node(String id) {
        this.id = id;
      }

      @Override
      public boolean up() {
        return server.isPresent();
      }

      @Override
      public FaultyClusterStore store() {
        return store;
      }

      @Override
      public String applicationName() {
        return "http-sim-" + id;
      }

      @Override
      public void start() {
        store = new FaultyClusterStore(PostgresEventStore.open(ClusterFaults.urlFor(dbUrl, applicationName())));
        server =
            Optional.of(
                TestServer.start(
                    store,
                    ServerConfig.defaults(),
                    EngineOptions.defaults()
                        .withTickInterval(Duration.ZERO)
                        .withCluster(new ClusterOptions(id, "http://127.0.0.1:" + port, LEASE)),
                    port));
        moveClock(this);
      }

      @Override
      public void kill() {
        store.close();
        server.orElseThrow().close();
        server = Optional.empty();
      }
    }

    void run() throws Exception {
      for (int i = 0; i < 3; i++) {
        Node n = new Node("h" + i);
        nodes.add(n);
        n.start();
      }
      try {
        deploy();
        int steps = 15 + random.nextInt(10);
        for (int step = 0; step < steps; step++) {
          act();
        }
        faults.end();
        settle();
        check();
        LOG.info(
            "HTTP simulation seed {}: {} acknowledged triggers, {} completions, faults {}",
            seed, triggers.size(), completions.size(), faults.counts());
      } finally {
        faults.release();
        for (Node n : nodes) {
          n.server.ifPresent(TestServer::close);
        }
      }
    }

    List<Node> up() {
      return faults.up();
    }

    // ---- clients ------------------------------------------------------------------------------

    /**
     * Sends a request to a random live node until an answer other than 503 comes back; a node that
     * does not answer (killed meanwhile) is retried elsewhere. Answers the node and its answer.
     */
    Map.Entry<TestServer, Resp> send(Function<TestServer, Resp> request) throws Exception {
      for (int attempt = 0; attempt < 200; attempt++) {
        List<Node> up = up();
        TestServer s = up.get(random.nextInt(up.size())).server.orElseThrow();
        try {
          Resp r = request.apply(s);
          if (r.status() != 503) {
            return Map.entry(s, r);
          }
        } catch (RuntimeException e) {
          // the node went away while answering: an unknown outcome, retried with the same key
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no node answered in 200 attempts");
    }

    void deploy() throws Exception {
      Map<String, Object> exec =
          Map.of("retry", Map.of("maxAttempts", 3, "backoffSeconds", 60), "heartbeatTimeoutSeconds", 60);
      Map<String, Object> m =
          manifest(
              with(asset("d.a"), "execution", exec),
              with(asset("d.b", "d.a"), "execution", exec),
              with(asset("d.c", "d.a"), "execution", exec),
              with(asset("d.d", "d.b", "d.c"), "execution", exec));
      m.put("schedules", List.of(Map.of("id", "hourly", "cron", "0 * * * *", "assets", List.of("d.a"))));
      Resp r = send(s -> s.post(s.ws() + "/manifests", m, Map.of("Idempotency-Key", "deploy-" + seed))).getValue();
      assertThat(r.status()).as(r.raw()).isIn(200, 201);
    }

    void act() throws Exception {
      int roll = random.nextInt(100);
      if (roll < 30) {
        trigger();
      } else if (roll < 65) {
        work(true);
      } else if (roll < 80) {
        advanceClock(Duration.ofMinutes(1 + random.nextInt(70)));
      } else {
        faults.strike();
      }
    }

    void trigger() throws Exception {
      String runKey = "k" + random.nextInt(10);
      String asset = List.of("d.a", "d.b", "d.d").get(Math.floorMod(runKey.hashCode(), 3));
      Map<String, Object> t = io.arco.api.testing.Fixtures.trigger(asset);
      t.put("runKey", runKey);
      t.put("includeUpstream", true);
      Map.Entry<TestServer, Resp> answer = send(s -> s.post(s.ws() + "/runs", t));
      Resp r = answer.getValue();
      assertThat(r.status()).as(r.raw()).isIn(200, 201);
      String runId = r.body().get("runId").asText();
      triggers.add(new ClusterInvariants.AckedTrigger(runKey, runId));
      TestServer asked = answer.getKey();
      assertThat(asked.get(asked.ws() + "/runs/" + runId).status())
          .as("read-your-writes: the node that answered the trigger shows its run")
          .isEqualTo(200);
    }

    void work(boolean faulty) throws Exception {
      Resp polled =
          send(s -> s.post(s.ws() + "/workers/poll", Map.of("workerId", "w" + random.nextInt(3), "maxTasks", 4)))
              .getValue();
      assertThat(polled.status()).as(polled.raw()).isEqualTo(200);
      for (JsonNode env : polled.body().path("tasks")) {
        int roll = random.nextInt(100);
        if (faulty && roll < 10) {
          continue; // the worker died with the task
        }
        String path = "/api/v1/tasks/" + env.get("taskId").asText() + "/";
        Resp started = send(s -> s.post(path + "started", Worker.attemptBody(env), Worker.auth(env))).getValue();
        if (started.status() != 200) {
          continue;
        }
        Map<String, Object> body = new LinkedHashMap<>(Worker.attemptBody(env));
        if (faulty && roll < 25) {
          body.put("outcome", "FAILED");
          body.put("error", Map.of("category", "INFRASTRUCTURE", "message", "sim", "retryable", true));
        } else {
          body.put("outcome", "SUCCEEDED");
        }
        Resp done = send(s -> s.post(path + "completed", body, Worker.auth(env))).getValue();
        if (done.status() == 200) {
          completions.add(env.get("attemptId").asText());
        }
      }
    }

    void moveClock(Node n) {
      if (faults.paused(n) || n.server.isEmpty()) {
        return;
      }
      try {
        TestServer s = n.server.get();
        s.post("/api/v1/debug/clock", Map.of("now", now.toString()));
      } catch (RuntimeException e) {
        // a node in trouble; the writer that replaces it runs the controllers
      }
    }

    void advanceClock(Duration d) {
      now = now.plus(d);
      for (Node n : up()) {
        moveClock(n);
      }
    }

    Engine writer() throws Exception {
      for (int i = 0; i < 200; i++) {
        for (Node n : up()) {
          Engine e = n.server.orElseThrow().engine();
          if (e.writerRoute(WS) instanceof WriterRoute.Local) {
            return e;
          }
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no node writes the workspace");
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
      for (String runId : ClusterInvariants.runIds(ClusterInvariants.log(dbUrl, WS))) {
        if (!e.getRun(WS, runId).state().isTerminal()) {
          return false;
        }
      }
      return true;
    }

    void settle() throws Exception {
      for (int round = 0; round < 300 && !allTerminal(); round++) {
        work(false);
        if (round % 3 == 2) {
          advanceClock(Duration.ofMinutes(5));
        }
      }
      assertThat(allTerminal()).as("every run reaches a terminal state once faults stop").isTrue();
    }

    // ---- invariants ---------------------------------------------------------------------------

    void check() throws Exception {
      List<StoredEvent> log = ClusterInvariants.log(dbUrl, WS);
      ClusterInvariants.checkLog(log, triggers, completions);
      Engine w = writer();
      ClusterInvariants.checkRuns(log, runId -> w.getRun(WS, runId));
      Map<String, byte[]> states = new LinkedHashMap<>();
      for (Node n : up()) {
        Engine e = n.server.orElseThrow().engine();
        e.catchUp(WS);
        states.put(n.id, ClusterInvariants.liveState(e, WS));
      }
      for (Node n : nodes) {
        n.server.orElseThrow().close();
        n.server = Optional.empty();
      }
      try (PostgresEventStore s = PostgresEventStore.open(dbUrl)) {
        Engine.rebuild(s, WS);
      }
      byte[] rebuilt;
      try (Engine fresh =
          Engine.open(PostgresEventStore.open(dbUrl), new ManualClock(now), EngineOptions.defaults().withTickInterval(Duration.ZERO))) {
        rebuilt = ClusterInvariants.liveState(fresh, WS);
      }
      states.forEach(
          (id, bytes) ->
              assertThat(bytes).as("node %s's projections equal a rebuild of the log", id).isEqualTo(rebuilt));
    }
  }
}
