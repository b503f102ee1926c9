package io.arco.api.ops;

import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.arco.api.ServerConfig;
import io.arco.api.http.AuthConfig;
import io.arco.api.http.Json;
import io.arco.api.testing.RawHttp;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.flow.store.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who may read {@code /metrics} (decisions §7.4): in JWT mode the public listener needs a user
 * token and shows only its workspace, so no unauthenticated caller learns tenant or workspace
 * names; the private listener of {@code --metrics-port} shows every workspace without a token.
 */
class MetricsAccessHttpTest {
  private static final byte[] SECRET = "a-test-secret-of-enough-length-32b".getBytes(StandardCharsets.UTF_8);

  private final TestServer server =
      TestServer.start(
          new InMemoryEventStore(),
          ServerConfig.defaults()
              .withAuth(new AuthConfig(Optional.of(SECRET), Optional.empty()))
              .withMetricsListener("127.0.0.1", 0));

  @AfterEach
  void stop() {
    server.close();
  }

  private String token(String tenant, String workspace) {
    return JWT.create()
        .withClaim("tenant", tenant)
        .withClaim("workspace", workspace)
        .withSubject("ops")
        .withExpiresAt(TestServer.START.plus(Duration.ofHours(1)))
        .sign(Algorithm.HMAC256(SECRET));
  }

  private Map<String, String> bearer(String tenant, String workspace) {
    return Map.of("Authorization", "Bearer " + token(tenant, workspace), "Content-Type", "application/json");
  }

  /** One open run in each of tenant-a/ws-a and tenant-b/ws-b. */
  private void aRunInTwoTenants() {
    for (String[] scope : new String[][] {{"tenant-a", "ws-a"}, {"tenant-b", "ws-b"}}) {
      String ws = "/api/v1/workspaces/" + scope[1];
      Map<String, String> auth = bearer(scope[0], scope[1]);
      assertStatus(server.send("POST", ws + "/manifests", Json.string(manifest(asset("s.a"))), auth), 201);
      assertStatus(server.send("POST", ws + "/runs", Json.string(trigger("s.a")), auth), 201);
    }
  }

  @Test
  void inJwtModeThePublicMetricsNeedsAValidToken() {
    aRunInTwoTenants();

    Resp anonymous = server.send("GET", "/metrics", null, Map.of());
    assertError(anonymous, 401, "MISSING_AUTH", "Authorization header required");
    assertThat(anonymous.raw()).doesNotContain("tenant-a", "ws-a", "tenant-b", "ws-b");

    Resp forged =
        server.send(
            "GET",
            "/metrics",
            null,
            Map.of(
                "Authorization",
                "Bearer "
                    + JWT.create()
                        .withClaim("tenant", "tenant-a")
                        .withClaim("workspace", "ws-a")
                        .withSubject("ops")
                        .withExpiresAt(TestServer.START.plus(Duration.ofHours(1)))
                        .sign(Algorithm.HMAC256("another-secret-of-enough-length-32".getBytes(StandardCharsets.UTF_8)))));
    assertError(forged, 401, "INVALID_TOKEN", "Invalid bearer token");
  }

  @Test
  void inJwtModeThePublicMetricsShowsOnlyTheTokensWorkspace() {
    aRunInTwoTenants();

    Resp m = server.send("GET", "/metrics", null, bearer("tenant-a", "ws-a"));

    assertStatus(m, 200);
    assertThat(m.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(m.raw()).contains("arco_open_runs{tenant=\"tenant-a\",workspace=\"ws-a\"} 1.0");
    assertThat(m.raw()).doesNotContain("tenant-b", "ws-b");
    assertThat(m.raw()).contains("arco_http_requests_total{status=\"2xx\"}");
    // Every per-workspace family shows the token's workspace; the rest name none.
    assertThat(m.raw())
        .contains(
            "arco_run_transitions_total{state=\"RUNNING\",tenant=\"tenant-a\",workspace=\"ws-a\"} 1.0",
            "arco_task_transitions_total{state=\"READY\",tenant=\"tenant-a\",workspace=\"ws-a\"} 1.0",
            "arco_writer_queue_depth{tenant=\"tenant-a\",workspace=\"ws-a\"} 0.0",
            "arco_events_total{tenant=\"tenant-a\",workspace=\"ws-a\"}",
            "arco_writer_commit_seconds_count 4",
            "http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\","
                + "route=\"/api/v1/workspaces/{ws}/runs\",status=\"201\"} 2");
  }

  @Test
  void theMetricsListenerShowsEveryWorkspaceWithoutAToken() {
    aRunInTwoTenants();
    int port = server.server().metricsPort().orElseThrow();
    assertThat(port).isNotEqualTo(server.server().port());

    Resp m = RawHttp.send(port, "GET", "/metrics", "127.0.0.1:" + port, Map.of());

    assertStatus(m, 200);
    assertThat(m.raw())
        .contains(
            "arco_open_runs{tenant=\"tenant-a\",workspace=\"ws-a\"} 1.0",
            "arco_open_runs{tenant=\"tenant-b\",workspace=\"ws-b\"} 1.0",
            "arco_run_transitions_total{state=\"RUNNING\",tenant=\"tenant-a\",workspace=\"ws-a\"} 1.0",
            "arco_run_transitions_total{state=\"RUNNING\",tenant=\"tenant-b\",workspace=\"ws-b\"} 1.0");
  }

  @Test
  void theMetricsListenerServesNothingElse() {
    int port = server.server().metricsPort().orElseThrow();
    for (String path : new String[] {"/health", "/api/v1/workspaces/ws-a/runs", "/api/v1/openapi.json"}) {
      assertError(RawHttp.send(port, "GET", path, "localhost", Map.of()), 404, "NOT_FOUND", "route not found");
    }
  }

  @Test
  void withoutAMetricsListenerThereIsNoMetricsPort() {
    try (TestServer plain = TestServer.start()) {
      assertThat(plain.server().metricsPort()).isEmpty();
    }
  }
}
