package io.arco.api.cluster;

import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.ServerConfig;
import io.arco.api.http.AuthConfig;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.api.testing.Worker;
import io.arco.flow.engine.ClusterOptions;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.WriterRoute;
import io.arco.flow.model.Scope;
import io.arco.flow.store.PostgresEventStore;
import io.arco.flow.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several serving nodes on one PostgreSQL database over HTTP (decisions §7.11): commands sent to a
 * node that does not write the workspace are forwarded to the writer and read back at once on the
 * node that answered; {@code GET /api/v1/cluster} shows the nodes and leases; a stopped writer is
 * replaced; a request forwarded once is not forwarded again.
 */
@Tag("postgres")
class ClusterHttpTest {
  @RegisterExtension static final TestPostgres PG = new TestPostgres();

  private static final Duration LEASE = Duration.ofMillis(600);
  private static final Scope W1 = new Scope("t1", "w1");

  private final List<TestServer> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(TestServer::close);
  }

  /** A node on {@code url} listening on a free port, which it advertises unless told another URL. */
  private TestServer node(String url, String nodeId, Optional<String> advertised, ServerConfig config) {
    int port = TestServer.freePort();
    TestServer s =
        TestServer.start(
            PostgresEventStore.open(url),
            config,
            EngineOptions.defaults()
                .withTickInterval(Duration.ZERO)
                .withCluster(
                    new ClusterOptions(nodeId, advertised.orElse("http://127.0.0.1:" + port), LEASE)),
            port);
    started.add(s);
    return s;
  }

  private TestServer node(String url, String nodeId) {
    return node(url, nodeId, Optional.empty(), ServerConfig.defaults());
  }

  /** Node a writes w1 (its first command took the free lease); node b follows. */
  private TestServer[] writerAndFollower(String url) {
    TestServer a = node(url, "a");
    TestServer b = node(url, "b");
    assertThat(a.post(a.ws() + "/manifests", manifest(asset("s.a"))).status()).isEqualTo(201);
    assertThat(a.engine().writerRoute(W1)).isEqualTo(new WriterRoute.Local());
    assertThat(b.engine().writerRoute(W1)).isInstanceOf(WriterRoute.Remote.class);
    return new TestServer[] {a, b};
  }

  private static int runCount(TestServer s) {
    return s.get(s.ws() + "/runs?limit=100").body().get("runs").size();
  }

  private static JsonNode lease(TestServer s, String workspace) {
    for (JsonNode l : s.get("/api/v1/cluster").body().get("leases")) {
      if (l.get("workspaceId").asText().equals(workspace)) {
        return l;
      }
    }
    return Json.MAPPER.missingNode();
  }

  @Test
  void aDeployAndATriggerSentToAFollowerAreAppliedOnceByTheWriterAndReadAtOnceOnTheFollower() {
    TestServer[] nodes = writerAndFollower(PG.newDatabase());
    TestServer a = nodes[0];
    TestServer b = nodes[1];
    long epoch = lease(a, "w1").get("epoch").asLong();

    Map<String, Object> v2 = manifest(asset("s.a"), asset("s.b", "s.a"));
    v2.put("manifestVersion", "v2");
    Resp deployed = b.post(b.ws() + "/manifests", v2);
    assertThat(deployed.status()).isEqualTo(201);
    Resp triggered = b.post(b.ws() + "/runs", trigger("s.b"), Map.of("Idempotency-Key", "k-1"));
    assertThat(triggered.status()).isEqualTo(201);
    String runId = triggered.body().get("runId").asText();

    // Read-your-writes: the follower that answered shows the run and the manifest right away
    // (not only once the append notification arrives: each of these reads follows its write).
    assertThat(b.get(b.ws() + "/runs/" + runId).status()).isEqualTo(200);
    for (int i = 0; i < 20; i++) {
      Resp t = b.post(b.ws() + "/runs", trigger("s.a"));
      assertThat(b.get(b.ws() + "/runs/" + t.body().get("runId").asText()).status()).isEqualTo(200);
    }
    assertThat(b.get(b.ws() + "/manifests/" + deployed.body().get("manifestId").asText()).status())
        .isEqualTo(200);
    // Applied once, by the writer, which kept its lease.
    assertThat(runCount(a)).isEqualTo(21);
    assertThat(runCount(b)).isEqualTo(21);
    assertThat(a.get(a.ws() + "/manifests").body().get("manifests").size()).isEqualTo(2);
    assertThat(lease(b, "w1").get("holder").asText()).isEqualTo("a");
    assertThat(lease(b, "w1").get("epoch").asLong()).isEqualTo(epoch);
    // The same trigger again through the follower is the idempotent replay, not a second run.
    Resp again = b.post(b.ws() + "/runs", trigger("s.b"), Map.of("Idempotency-Key", "k-1"));
    assertThat(again.body().get("runId").asText()).isEqualTo(runId);
    assertThat(runCount(a)).isEqualTo(21);
  }

  @Test
  void aWorkerPollingAndReportingThroughTheFollowerDrivesTheRunToSuccess() {
    TestServer[] nodes = writerAndFollower(PG.newDatabase());
    TestServer a = nodes[0];
    TestServer b = nodes[1];
    String runId = b.post(b.ws() + "/runs", trigger("s.a")).body().get("runId").asText();

    Worker w = new Worker(b, "w");
    JsonNode task = w.pollOne();
    assertThat(w.started(task).status()).isEqualTo(200);
    Resp heartbeat = w.heartbeat(task);
    assertThat(heartbeat.status()).isEqualTo(200);
    assertThat(heartbeat.body().get("taskToken").asText()).isNotEmpty();
    assertThat(w.succeed(task).status()).isEqualTo(200);

    assertThat(b.get(b.ws() + "/runs/" + runId).body().get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(a.get(a.ws() + "/runs/" + runId).body().get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aBatchOfReportsSentToTheFollowerIsCarriedOutByTheWriter() {
    TestServer[] nodes = writerAndFollower(PG.newDatabase());
    TestServer a = nodes[0];
    TestServer b = nodes[1];
    String runId = b.post(b.ws() + "/runs", trigger("s.a")).body().get("runId").asText();
    JsonNode task = new Worker(b, "w").pollOne();
    List<Map<String, Object>> reports = new ArrayList<>();
    for (String kind : List.of("started", "completed")) {
      Map<String, Object> r = new java.util.LinkedHashMap<>(Worker.attemptBody(task));
      r.put("kind", kind);
      r.put("taskId", task.get("taskId").asText());
      r.put("taskToken", task.get("taskToken").asText());
      if (kind.equals("completed")) {
        r.put("outcome", "SUCCEEDED");
      }
      reports.add(r);
    }

    Resp r = b.post("/api/v1/tasks/reports", Map.of("reports", reports));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("results")).hasSize(2);
    r.body().get("results").forEach(x -> assertThat(x.get("status").asInt()).as(x.toString()).isEqualTo(200));
    assertThat(b.get(b.ws() + "/runs/" + runId).body().get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(a.get(a.ws() + "/runs/" + runId).body().get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void theClusterRouteOnEitherNodeShowsBothNodesAndWhichOneWritesTheWorkspace() {
    TestServer[] nodes = writerAndFollower(PG.newDatabase());
    for (TestServer s : nodes) {
      Resp r = s.get("/api/v1/cluster");
      assertThat(r.status()).isEqualTo(200);
      JsonNode body = r.body();
      assertThat(body.get("mode").asText()).isEqualTo("cluster");
      assertThat(body.get("nodeId").asText()).isEqualTo(s == nodes[0] ? "a" : "b");
      assertThat(body.get("advertiseUrl").asText()).isEqualTo(s.baseUrl());
      assertThat(body.get("leaseSeconds").asDouble()).isEqualTo(0.6);
      assertThat(body.get("databaseNow").asText()).endsWith("Z");
      List<String> ids = new ArrayList<>();
      for (JsonNode n : body.get("nodes")) {
        ids.add(n.get("nodeId").asText());
        assertThat(n.get("alive").asBoolean()).isTrue();
        assertThat(n.get("lastSeen").asText()).endsWith("Z");
        List<String> writes = new ArrayList<>();
        n.get("writes").forEach(w -> writes.add(w.get("tenantId").asText() + "/" + w.get("workspaceId").asText()));
        assertThat(writes).isEqualTo(n.get("nodeId").asText().equals("a") ? List.of("t1/w1") : List.of());
      }
      assertThat(ids).containsExactlyInAnyOrder("a", "b");
      JsonNode lease = lease(s, "w1");
      assertThat(lease.get("holder").asText()).isEqualTo("a");
      assertThat(lease.get("lapsed").asBoolean()).isFalse();
      assertThat(lease.get("epoch").asLong()).isPositive();
    }
    // The writer counted taking the lease; the follower holds none.
    assertThat(nodes[0].get("/metrics").raw())
        .contains("arco_cluster_lease_changes_total{change=\"acquired\"} 1.0", "arco_cluster_leases_held 1.0");
    assertThat(nodes[1].get("/metrics").raw()).contains("arco_cluster_leases_held 0.0");
  }

  @Test
  void afterTheWriterStopsTheOtherNodeTakesTheWorkspaceOverAndAcceptsCommandsItself() throws Exception {
    TestServer[] nodes = writerAndFollower(PG.newDatabase());
    TestServer a = nodes[0];
    TestServer b = nodes[1];
    String before = b.post(b.ws() + "/runs", trigger("s.a")).body().get("runId").asText();

    a.close();
    started.remove(a);
    JsonNode lease = awaitLease(b, l -> l.path("holder").asText().equals("b") && !l.path("lapsed").asBoolean());
    assertThat(lease.get("holder").asText()).isEqualTo("b");

    Resp r = b.post(b.ws() + "/runs", trigger("s.a"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(b.engine().writerRoute(W1)).isEqualTo(new WriterRoute.Local());
    assertThat(new Worker(b, "w").drainSucceeding()).containsExactly("s.a", "s.a");
    assertThat(b.get(b.ws() + "/runs/" + before).body().get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(runCount(b)).isEqualTo(2);
  }

  @Test
  void aRequestAlreadyForwardedIsNotForwardedAgainButRefusedWithWriterUnavailable() {
    TestServer[] nodes = writerAndFollower(PG.newDatabase());
    TestServer a = nodes[0];
    TestServer b = nodes[1];

    Resp refused = b.post(b.ws() + "/runs", trigger("s.a"), Map.of(Forwarding.FORWARDED_BY, "c"));
    assertError(refused, 503, "WRITER_UNAVAILABLE", refused.message());
    assertThat(refused.message()).contains("already forwarded by node c");
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(runCount(a)).isZero();

    // On the task router the refusal uses the callback envelope.
    a.post(a.ws() + "/runs", trigger("s.a"));
    JsonNode task = new Worker(a, "w").pollOne();
    Resp callback =
        b.post(
            "/api/v1/tasks/" + task.get("taskId").asText() + "/started",
            Worker.attemptBody(task),
            Map.of("Authorization", "Bearer " + task.get("taskToken").asText(), Forwarding.FORWARDED_BY, "c"));
    assertThat(callback.status()).isEqualTo(503);
    assertThat(callback.body().get("error").asText()).isEqualTo("writer_unavailable");
    assertThat(callback.headers().firstValue("Retry-After")).contains("1");
    // The writer itself takes a forwarded request.
    Resp local = a.post(a.ws() + "/runs", trigger("s.a"), Map.of(Forwarding.FORWARDED_BY, "b"));
    assertThat(local.status()).isEqualTo(201);
  }

  @Test
  void aWriterThatCannotBeReachedIsWriterUnavailableAndNothingIsApplied() {
    String url = PG.newDatabase();
    int nobody = TestServer.freePort();
    TestServer a = node(url, "a", Optional.of("http://127.0.0.1:" + nobody), ServerConfig.defaults());
    TestServer b = node(url, "b");
    assertThat(a.post(a.ws() + "/manifests", manifest(asset("s.a"))).status()).isEqualTo(201);

    Resp r = b.post(b.ws() + "/runs", trigger("s.a"));

    assertError(r, 503, "WRITER_UNAVAILABLE", r.message());
    assertThat(r.message()).contains("writer node a", "cannot be reached", "nothing was applied");
    assertThat(r.headers().firstValue("Retry-After")).contains("1");
    assertThat(runCount(a)).isZero();
  }

  @Test
  void inJwtModeTheClusterRouteNeedsATokenAndShowsOnlyItsWorkspacesLeases() {
    byte[] secret = "a-test-secret-of-enough-length-32b".getBytes(StandardCharsets.UTF_8);
    String url = PG.newDatabase();
    TestServer a =
        node(url, "a", Optional.empty(), ServerConfig.defaults().withAuth(new AuthConfig(Optional.of(secret), Optional.empty())));
    for (String ws : List.of("ws-a", "ws-b")) {
      Resp d =
          a.send(
              "POST",
              "/api/v1/workspaces/" + ws + "/manifests",
              Json.string(manifest(asset("s.a"))),
              bearer(secret, ws));
      assertThat(d.status()).isEqualTo(201);
    }

    Resp anonymous = a.send("GET", "/api/v1/cluster", null, Map.of());
    assertError(anonymous, 401, "MISSING_AUTH", "Authorization header required");

    Resp r = a.send("GET", "/api/v1/cluster", null, bearer(secret, "ws-a"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("leases")).hasSize(1);
    assertThat(r.body().get("leases").get(0).get("workspaceId").asText()).isEqualTo("ws-a");
    assertThat(r.body().get("nodes").get(0).get("writes")).hasSize(1);
    assertThat(r.raw()).doesNotContain("ws-b");
  }

  @Test
  void aSingleNodeAnswersSingleModeAndForwardsNothing() {
    try (TestServer single = TestServer.start(PostgresEventStore.open(PG.newDatabase()))) {
      Resp r = single.get("/api/v1/cluster");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("mode").asText()).isEqualTo("single");
      assertThat(r.body().get("nodes")).isEmpty();
      assertThat(r.body().get("leases")).isEmpty();
      assertThat(r.body().has("nodeId")).isFalse();
      // A forwarded mark means nothing on a single node: the command runs here.
      single.post(single.ws() + "/manifests", manifest(asset("s.a")));
      Resp t = single.post(single.ws() + "/runs", trigger("s.a"), Map.of(Forwarding.FORWARDED_BY, "x"));
      assertThat(t.status()).isEqualTo(201);
    }
  }

  private static Map<String, String> bearer(byte[] secret, String workspace) {
    String token =
        JWT.create()
            .withClaim("tenant", "t1")
            .withClaim("workspace", workspace)
            .withSubject("ops")
            .withExpiresAt(TestServer.START.plus(Duration.ofHours(1)))
            .sign(Algorithm.HMAC256(secret));
    return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
  }

  /** Polls {@code /api/v1/cluster} until w1's lease matches (a bounded wait: 20 lease periods). */
  private static JsonNode awaitLease(TestServer s, Predicate<JsonNode> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + LEASE.multipliedBy(20).toNanos();
    JsonNode last = Json.MAPPER.missingNode();
    while (System.nanoTime() < deadline) {
      last = lease(s, "w1");
      if (wanted.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("w1's lease never matched; last seen " + last);
  }
}
