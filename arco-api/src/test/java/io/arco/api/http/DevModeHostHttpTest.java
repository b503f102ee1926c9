package io.arco.api.http;

import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.api.ServerConfig;
import io.arco.api.testing.RawHttp;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.flow.model.Ids;
import io.arco.flow.store.InMemoryEventStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dev mode answers only requests whose {@code Host} names {@code localhost} or a loopback address
 * (decisions §7.3): a web page whose name an attacker re-points at 127.0.0.1 (DNS rebinding) gets
 * 403 {@code FORBIDDEN} {@code host not allowed in dev mode}; {@code --allow-remote} and JWT mode
 * answer any host.
 */
class DevModeHostHttpTest {
  private static final Map<String, String> DEV = Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w1");

  private TestServer server = TestServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private Resp get(String path, String host) {
    return RawHttp.send(URI.create(server.baseUrl()).getPort(), "GET", path, host, DEV);
  }

  @ParameterizedTest(name = "Host: {0}")
  @ValueSource(strings = {"evil.example", "evil.example:8080", "attacker.test:80"})
  void aForeignHostIsForbiddenOnEveryRoute(String host) {
    for (String path :
        new String[] {"/api/v1/workspaces/w1/runs", "/health", "/metrics", "/api/v1/openapi.json", "/nowhere"}) {
      assertError(get(path, host), 403, "FORBIDDEN", "host not allowed in dev mode");
    }
  }

  @ParameterizedTest(name = "Host: {0}")
  @ValueSource(strings = {"localtest.me", "127.0.0.1.nip.io", "localhost.evil.example", "0.0.0.0:8080", "10.0.0.1", "[::2]"})
  void namesAndAddressesThatAreNotLoopbackLiteralsAreForbidden(String host) {
    // Names are never resolved: a rebinding name resolves to 127.0.0.1 by design.
    assertError(get("/health", host), 403, "FORBIDDEN", "host not allowed in dev mode");
  }

  @ParameterizedTest(name = "Host: {0}")
  @ValueSource(strings = {"localhost", "LocalHost:1", "127.0.0.1", "127.0.0.1:65535", "127.4.5.6:99", "[::1]", "[::1]:8080"})
  void localhostAndLoopbackAddressesOnAnyPortAreAnswered(String host) {
    assertStatus(get("/health", host), 200);
    assertStatus(get("/api/v1/workspaces/w1/runs", host), 200);
  }

  @Test
  void aRequestWithoutHostIsForbidden() {
    assertError(get("/health", null), 403, "FORBIDDEN", "host not allowed in dev mode");
  }

  @Test
  void theTaskRouterRefusesAForeignHostInTheCallbackEnvelope() {
    String path = "/api/v1/tasks/" + Ids.callbackTaskId("r1", "s.a") + "/started";
    Resp r =
        RawHttp.send(
            URI.create(server.baseUrl()).getPort(),
            "POST",
            path,
            "evil.example",
            Map.of("Content-Length", "0", "Authorization", "Bearer x"));
    assertThat(r.status()).as(r.raw()).isEqualTo(403);
    assertThat(r.body().path("error").asText()).isEqualTo("forbidden");
    assertThat(r.body().path("message").asText()).isEqualTo("host not allowed in dev mode");
    assertThat(r.body().has("code")).isFalse();
  }

  @Test
  void theMetricsListenerRefusesAForeignHostInDevModeToo() {
    server.close();
    server = TestServer.start(new InMemoryEventStore(), ServerConfig.defaults().withMetricsListener("127.0.0.1", 0));
    int port = server.server().metricsPort().orElseThrow();
    assertError(
        RawHttp.send(port, "GET", "/metrics", "evil.example", Map.of()),
        403,
        "FORBIDDEN",
        "host not allowed in dev mode");
    assertStatus(RawHttp.send(port, "GET", "/metrics", "localhost:" + port, Map.of()), 200);
  }

  @Test
  void allowRemoteAnswersAnyHost() {
    server.close();
    server = TestServer.start(new InMemoryEventStore(), ServerConfig.defaults().withAllowRemote(true));
    assertStatus(get("/health", "evil.example"), 200);
    assertStatus(get("/api/v1/workspaces/w1/runs", "evil.example:8080"), 200);
  }

  @Test
  void jwtModeAnswersAnyHost() {
    server.close();
    server =
        TestServer.start(
            new InMemoryEventStore(),
            ServerConfig.defaults()
                .withAuth(
                    new AuthConfig(
                        Optional.of("a-test-secret-of-enough-length-32b".getBytes(StandardCharsets.UTF_8)),
                        Optional.empty())));
    assertStatus(get("/health", "evil.example"), 200);
    assertError(get("/api/v1/workspaces/w1/runs", "evil.example"), 401, "MISSING_AUTH", "Authorization header required");
  }
}
