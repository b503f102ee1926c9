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
import io.arco.flow.testing.FaultyClusterStore;
import io.arco.flow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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

  private static final class Node {
    final String id;
    final int port = TestServer.freePort();
    FaultyClusterStore store;
    Optional<TestServer> server = Optional.empty();
    volatile boolean paused;

    Node(String id) {
      this.id = id;
    }
  }

  private static final class Simulation {
    final long seed;
    final Random random;
    final String dbUrl;
    final List<Node> nodes = new ArrayList<>();
    final List<ClusterInvariants.AckedTrigger> triggers = new ArrayList<>();
    final Set<String> completions = new HashSet<>();
    final List<Thread> pauses = new ArrayList<>();
    Instant now = TestServer.START;
    final Map<String, Integer> faults = new java.util.TreeMap<>();

    Simulation(long seed, String dbUrl) {
      this.seed = seed;
      this.random = new Random(seed);
      this.dbUrl = dbUrl;
    }

    void run() throws Exception {
      for (int i = 0; i < 3; i++) {
        Node n = new Node("h" + i);
        nodes.add(n);
        start(n);
      }
      try {
        deploy();
        int steps = 15 + random.nextInt(10);
        for (int step = 0; step < steps; step++) {
          act();
        }
        endFaults();
        settle();
        check();
        LOG.info(
            "HTTP simulation seed {}: {} acknowledged triggers, {} completions, faults {}",
            seed, triggers.size(), completions.size(), faults);
      } finally {
        for (Thread t : pauses) {
          t.join();
        }
        for (Node n : nodes) {
          n.store.resume();
          n.server.ifPresent(TestServer::close);
        }
      }
    }

    // ---- nodes and faults ---------------------------------------------------------------------

    void start(Node n) {
      String url = dbUrl + (dbUrl.contains("?") ? "&" : "?") + "ApplicationName=http-sim-" + n.id;
      n.store = new FaultyClusterStore(PostgresEventStore.open(url));
      TestServer s =
          TestServer.start(
              n.store,
              ServerConfig.defaults(),
              EngineOptions.defaults()
                  .withTickInterval(Duration.ZERO)
                  .withCluster(new ClusterOptions(n.id, "http://127.0.0.1:" + n.port, LEASE)),
              n.port);
      n.server = Optional.of(s);
      moveClock(n);
    }

    void kill(Node n) {
      n.store.close();
      n.server.orElseThrow().close();
      n.server = Optional.empty();
    }

    void pause(Node n) {
      n.paused = true;
      n.store.pause();
      long ms = LEASE.toMillis() + 100 + random.nextInt((int) LEASE.toMillis());
      pauses.add(
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      Thread.sleep(ms);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    n.store.resume();
                    n.paused = false;
                  }));
    }

    void dropConnections(Node n) throws Exception {
      try (Connection c = DriverManager.getConnection(dbUrl);
          PreparedStatement st =
              c.prepareStatement(
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
        st.setString(1, "http-sim-" + n.id);
        st.execute();
      }
    }

    List<Node> up() {
      return nodes.stream().filter(n -> n.server.isPresent()).toList();
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
        fault();
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
      if (n.paused || n.server.isEmpty()) {
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

    void fault() throws Exception {
      List<Node> up = up();
      Node n = nodes.get(random.nextInt(nodes.size()));
      switch (random.nextInt(4)) {
        case 0 -> {
          if (n.server.isPresent() && up.size() > 1 && !n.paused) {
            kill(n);
            faults.merge("kill", 1, Integer::sum);
          }
        }
        case 1 -> {
          if (n.server.isEmpty()) {
            start(n);
            faults.merge("restart", 1, Integer::sum);
          }
        }
        case 2 -> {
          if (n.server.isPresent() && !n.paused && up.stream().filter(x -> !x.paused).count() > 1) {
            pause(n);
            faults.merge("pause", 1, Integer::sum);
          }
        }
        default -> {
          if (n.server.isPresent()) {
            dropConnections(n);
            faults.merge("drop", 1, Integer::sum);
          }
        }
      }
    }

    void endFaults() throws Exception {
      for (Thread t : pauses) {
        t.join();
      }
      pauses.clear();
      for (Node n : nodes) {
        if (n.server.isEmpty()) {
          start(n);
        }
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

    boolean allTerminal() throws Exception {
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
