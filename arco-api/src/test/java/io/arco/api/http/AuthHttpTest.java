package io.arco.api.http;

import static io.arco.api.testing.ApiAssertions.assertBadRequest;
import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.ApiAssertions.assertInvalidField;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import io.arco.api.ServerConfig;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.flow.store.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * User authentication over HTTP (api-contract §1.2): dev-mode tenancy headers, scope id
 * normalisation, the workspace path check (after body parsing), and JWT mode (HS256) with the
 * {@code tenant}, {@code workspace} and {@code sub} claims.
 */
class AuthHttpTest {
  private static final String JSON = "application/json";

  private static Map<String, String> headers(String... kv) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      h.put(kv[i], kv[i + 1]);
    }
    return h;
  }

  /** Dev mode: {@code X-Tenant-Id}, {@code X-Workspace-Id}, {@code X-User-Id} headers. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class DevMode {
    private TestServer server;

    @BeforeAll
    void start() {
      server = TestServer.start();
      assertStatus(server.post(server.ws() + "/manifests", manifest(asset("analytics.a"))), 201);
    }

    @AfterAll
    void stop() {
      server.close();
    }

    private Resp get(String path, String... kv) {
      return server.send("GET", path, null, headers(kv));
    }

    @Test
    void missingTenantHeaderIsUnauthorized() {
      assertError(
          get("/api/v1/workspaces/w1/runs", "X-Workspace-Id", "w1"),
          401,
          "UNAUTHORIZED",
          "missing X-Tenant-Id header (debug mode)");
      assertError(
          get("/api/v1/workspaces/w1/runs"),
          401,
          "UNAUTHORIZED",
          "missing X-Tenant-Id header (debug mode)");
    }

    @Test
    void missingWorkspaceHeaderIsUnauthorized() {
      assertError(
          get("/api/v1/workspaces/w1/runs", "X-Tenant-Id", "t1"),
          401,
          "UNAUTHORIZED",
          "missing X-Workspace-Id header (debug mode)");
    }

    @Test
    void authenticationComesBeforeTheBody() {
      assertError(
          server.send("POST", "/api/v1/workspaces/w1/runs", "{", headers("Content-Type", JSON)),
          401,
          "UNAUTHORIZED",
          "missing X-Tenant-Id header (debug mode)");
    }

    @Test
    void scopeIdsAreLowerCased() {
      Resp created =
          server.send(
              "POST",
              "/api/v1/workspaces/w1/runs",
              "{\"selection\":[\"analytics.a\"]}",
              headers("X-Tenant-Id", "T1", "X-Workspace-Id", "W1", "Content-Type", JSON));
      assertStatus(created, 201);
      Resp run = server.get(server.ws() + "/runs/" + created.body().get("runId").asText());
      assertStatus(run, 200);
      assertThat(run.body().get("workspaceId").asText()).isEqualTo("w1");
    }

    @Test
    void upperCasePathWorkspaceNeverMatches() {
      assertError(
          get("/api/v1/workspaces/W1/runs", "X-Tenant-Id", "t1", "X-Workspace-Id", "W1"),
          404,
          "NOT_FOUND",
          "workspace not found");
    }

    @ParameterizedTest(name = "{0}=[{1}]")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "X-Tenant-Id|\"\"|tenant_id cannot be empty",
          "X-Tenant-Id|t/1|tenant_id cannot contain path separators",
          "X-Tenant-Id|t\\1|tenant_id cannot contain path separators",
          "X-Tenant-Id|t.1|tenant_id contains invalid characters (allowed: a-z, 0-9, '-', '_')",
          "X-Tenant-Id|t 1|tenant_id contains invalid characters (allowed: a-z, 0-9, '-', '_')",
          "X-Tenant-Id|t:1|tenant_id contains invalid characters (allowed: a-z, 0-9, '-', '_')",
          "X-Workspace-Id|\"\"|workspace_id cannot be empty",
          "X-Workspace-Id|w/1|workspace_id cannot contain path separators",
          "X-Workspace-Id|w+1|workspace_id contains invalid characters (allowed: a-z, 0-9, '-', '_')",
        })
    void invalidScopeIdIsABadRequest(String header, String value, String message) {
      Map<String, String> h = headers("X-Tenant-Id", "t1", "X-Workspace-Id", "w1");
      h.put(header, value);
      assertBadRequest(server.send("GET", "/api/v1/workspaces/w1/runs", null, h), message);
    }

    @Test
    void scopeIdsMayUseDigitsDashesAndUnderscores() {
      Resp r =
          get(
              "/api/v1/workspaces/w_1-b/runs",
              "X-Tenant-Id",
              "Tenant_9-x",
              "X-Workspace-Id",
              "W_1-B");
      assertStatus(r, 200);
    }

    @Test
    void otherWorkspaceInThePathIsNotFound() {
      assertError(server.get("/api/v1/workspaces/w2/runs"), 404, "NOT_FOUND", "workspace not found");
      assertError(
          server.get("/api/v1/workspaces/w2/runs/01HRUN"), 404, "NOT_FOUND", "workspace not found");
      assertError(
          server.get("/api/v1/workspaces/w2/manifests"), 404, "NOT_FOUND", "workspace not found");
      assertError(
          server.post("/api/v1/workspaces/w2/runs", trigger("analytics.a")),
          404,
          "NOT_FOUND",
          "workspace not found");
      assertError(
          server.post("/api/v1/workspaces/w2/runs/01HRUN/cancel", Map.of()),
          404,
          "NOT_FOUND",
          "workspace not found");
      assertError(
          server.post("/api/v1/workspaces/w2/manifests", manifest(asset("analytics.a"))),
          404,
          "NOT_FOUND",
          "workspace not found");
      assertError(
          server.get("/api/v1/workspaces/w2/runs/01HRUN/logs"),
          404,
          "NOT_FOUND",
          "workspace not found");
    }

    @Test
    void workspaceCheckComesBeforeTriggerValidation() {
      assertError(
          server.post("/api/v1/workspaces/w2/runs", Map.of("selection", List.of())),
          404,
          "NOT_FOUND",
          "workspace not found");
    }

    @Test
    void malformedBodyToTheWrongWorkspaceIsStillABadRequest() {
      Map<String, String> h = headers("X-Tenant-Id", "t1", "X-Workspace-Id", "w1", "Content-Type", JSON);
      assertBadRequest(
          server.send("POST", "/api/v1/workspaces/w2/runs", "{", h), "malformed JSON body");
      assertBadRequest(
          server.send("POST", "/api/v1/workspaces/w2/manifests", "{", h), "malformed JSON body");
      assertBadRequest(
          server.send("POST", "/api/v1/workspaces/w2/runs/01HRUN/cancel", "", h),
          "malformed JSON body");
      assertInvalidField(
          server.send("POST", "/api/v1/workspaces/w2/runs", "{\"selection\":7}", h),
          "selection",
          "expected an array of strings");
      assertError(
          server.send(
              "POST",
              "/api/v1/workspaces/w2/runs",
              "{}",
              headers("X-Tenant-Id", "t1", "X-Workspace-Id", "w1")),
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "Content-Type must be application/json");
    }

    @Test
    void userIdHeaderBecomesThePrincipal() {
      Resp byAlice = server.post(server.ws() + "/manifests", manifest(asset("analytics.a")));
      assertThat(deployedBy(byAlice)).isEqualTo("alice");
      Resp anonymous =
          server.send(
              "POST",
              server.ws() + "/manifests",
              "{\"manifestVersion\":\"v\",\"codeVersionId\":\"c\",\"assets\":[{\"key\":{\"namespace\":\"analytics\",\"name\":\"a\"},\"id\":\"1\"}]}",
              headers("X-Tenant-Id", "t1", "X-Workspace-Id", "w1", "Content-Type", JSON));
      assertThat(deployedBy(anonymous)).isEqualTo("api");
      Resp empty =
          server.post(
              server.ws() + "/manifests", manifest(asset("analytics.a")), Map.of("X-User-Id", ""));
      assertThat(deployedBy(empty)).isEqualTo("api");
    }

    private String deployedBy(Resp deployed) {
      assertStatus(deployed, 201);
      return server
          .get(server.ws() + "/manifests/" + deployed.body().get("manifestId").asText())
          .body()
          .get("deployedBy")
          .asText();
    }

    @Test
    void workspacesAreIsolatedPerTenant() {
      Resp r =
          server.send(
              "GET",
              "/api/v1/workspaces/w1/manifests",
              null,
              headers("X-Tenant-Id", "t2", "X-Workspace-Id", "w1"));
      assertStatus(r, 200);
      assertThat(r.body().get("manifests")).isEmpty();
    }
  }

  @Test
  void bothAnHs256SecretAndAnRs256KeyIsAServerError() throws Exception {
    java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    var key = (java.security.interfaces.RSAPublicKey) gen.generateKeyPair().getPublic();
    try (TestServer server =
        TestServer.start(
            new InMemoryEventStore(),
            ServerConfig.defaults()
                .withAuth(new AuthConfig(Optional.of(new byte[32]), Optional.of(key))))) {
      assertError(
          server.send("GET", "/api/v1/workspaces/w1/runs", null, Map.of()),
          500,
          "INTERNAL",
          "JWT configuration error: configure either an HS256 secret or an RS256 public key, not both");
    }
  }

  /** JWT mode: {@code Authorization: Bearer} HS256 tokens. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class JwtMode {
    private final byte[] secret = "a-test-secret-of-enough-length-32b".getBytes(StandardCharsets.UTF_8);
    private TestServer server;
    private final Instant now = TestServer.START;

    @BeforeAll
    void start() {
      server =
          TestServer.start(
              new InMemoryEventStore(),
              ServerConfig.defaults().withAuth(new AuthConfig(Optional.of(secret), Optional.empty())));
    }

    @AfterAll
    void stop() {
      server.close();
    }

    private String token(Consumer<JWTCreator.Builder> claims) {
      return token(Algorithm.HMAC256(secret), claims);
    }

    private String token(Algorithm alg, Consumer<JWTCreator.Builder> claims) {
      JWTCreator.Builder b =
          JWT.create()
              .withClaim("tenant", "t1")
              .withClaim("workspace", "w1")
              .withSubject("user-42")
              .withExpiresAt(now.plus(Duration.ofHours(1)));
      claims.accept(b);
      return b.sign(alg);
    }

    private String valid() {
      return token(b -> {});
    }

    private Resp get(String path, String authorization) {
      return server.send("GET", path, null, headers("Authorization", authorization));
    }

    private Resp post(String path, String body, String authorization) {
      return server.send(
          "POST", path, body, headers("Authorization", authorization, "Content-Type", JSON));
    }

    private void assertInvalidToken(String token) {
      assertError(
          get("/api/v1/workspaces/w1/runs", "Bearer " + token),
          401,
          "INVALID_TOKEN",
          "Invalid bearer token");
    }

    @Test
    void missingBearerIsMissingAuth() {
      assertError(
          server.send("GET", "/api/v1/workspaces/w1/runs", null, Map.of()),
          401,
          "MISSING_AUTH",
          "Authorization header required");
      assertError(
          get("/api/v1/workspaces/w1/runs", "Basic dXNlcjpwYXNz"),
          401,
          "MISSING_AUTH",
          "Authorization header required");
    }

    @Test
    void devHeadersDoNotAuthenticateInJwtMode() {
      assertError(
          server.send(
              "GET",
              "/api/v1/workspaces/w1/runs",
              null,
              headers("X-Tenant-Id", "t1", "X-Workspace-Id", "w1")),
          401,
          "MISSING_AUTH",
          "Authorization header required");
    }

    @Test
    void validTokenIsAccepted() {
      Resp r = get("/api/v1/workspaces/w1/runs", "Bearer " + valid());
      assertStatus(r, 200);
      assertStatus(get("/api/v1/workspaces/w1/runs", "bearer " + valid()), 200);
    }

    @Test
    void badSignatureIsAnInvalidToken() {
      assertInvalidToken(
          token(Algorithm.HMAC256("another-secret-of-enough-length-32".getBytes(StandardCharsets.UTF_8)), b -> {}));
      String t = valid();
      assertInvalidToken(t.substring(0, t.length() - 2) + (t.endsWith("AA") ? "BB" : "AA"));
    }

    @Test
    void otherAlgorithmsAndGarbageAreInvalidTokens() {
      assertInvalidToken(token(Algorithm.HMAC384(secret), b -> {}));
      assertInvalidToken(token(Algorithm.none(), b -> {}));
      assertInvalidToken("not-a-jwt");
      assertInvalidToken("a.b.c");
    }

    @Test
    void bearerSchemeWithoutATokenIsMissingAuth() {
      assertError(
          get("/api/v1/workspaces/w1/runs", "Bearer "),
          401,
          "MISSING_AUTH",
          "Authorization header required");
    }

    @Test
    void expiredTokenIsInvalid() {
      assertInvalidToken(token(b -> b.withExpiresAt(now.minus(Duration.ofMinutes(5)))));
    }

    @Test
    void aTokenWithoutExpIsRefusedSayingSo() {
      String forever =
          JWT.create()
              .withClaim("tenant", "t1")
              .withClaim("workspace", "w1")
              .withSubject("user-42")
              .sign(Algorithm.HMAC256(secret));
      assertError(
          get("/api/v1/workspaces/w1/runs", "Bearer " + forever),
          401,
          "INVALID_TOKEN",
          "invalid token: missing exp");
    }

    @Test
    void aTokenWithoutExpAndWithABadSignatureSaysOnlyThatItIsInvalid() {
      String forged =
          JWT.create()
              .withClaim("tenant", "t1")
              .withClaim("workspace", "w1")
              .withSubject("user-42")
              .sign(Algorithm.HMAC256("another-secret-of-enough-length-32".getBytes(StandardCharsets.UTF_8)));
      assertInvalidToken(forged);
    }

    @Test
    void tokenNotYetValidIsInvalid() {
      assertInvalidToken(token(b -> b.withNotBefore(now.plus(Duration.ofMinutes(5)))));
    }

    @Test
    void missingOrEmptyOrNonStringClaimIsAnInvalidToken() {
      for (String claim : List.of("tenant", "workspace", "sub")) {
        assertInvalidToken(token(b -> b.withNullClaim(claim)));
        assertInvalidToken(token(b -> b.withClaim(claim, "")));
        assertInvalidToken(token(b -> b.withClaim(claim, 5)));
      }
      String noClaims =
          JWT.create().withExpiresAt(now.plus(Duration.ofHours(1))).sign(Algorithm.HMAC256(secret));
      assertInvalidToken(noClaims);
    }

    @Test
    void groupsMayBeAStringOrAnArrayButNothingElse() {
      assertStatus(get("/api/v1/workspaces/w1/runs", "Bearer " + token(b -> b.withClaim("groups", "a, b"))), 200);
      assertStatus(
          get("/api/v1/workspaces/w1/runs", "Bearer " + token(b -> b.withArrayClaim("groups", new String[] {"a", "b"}))),
          200);
      assertInvalidToken(token(b -> b.withClaim("groups", 7)));
      assertInvalidToken(token(b -> b.withClaim("groups", Map.of("a", "b"))));
    }

    @Test
    void tokenScopeIdsAreNormalised() {
      assertStatus(
          get(
              "/api/v1/workspaces/w1/runs",
              "Bearer " + token(b -> b.withClaim("tenant", "T1").withClaim("workspace", "W1"))),
          200);
      assertBadRequest(
          get("/api/v1/workspaces/w1/runs", "Bearer " + token(b -> b.withClaim("tenant", "t\n1"))),
          "tenant_id cannot contain control characters");
      assertBadRequest(
          get("/api/v1/workspaces/w1/runs", "Bearer " + token(b -> b.withClaim("workspace", "w\u00001"))),
          "workspace_id cannot contain control characters");
      assertBadRequest(
          get("/api/v1/workspaces/w1/runs", "Bearer " + token(b -> b.withClaim("workspace", "w\r1"))),
          "workspace_id cannot contain control characters");
      assertBadRequest(
          get("/api/v1/workspaces/w1/runs", "Bearer " + token(b -> b.withClaim("tenant", "a\\b"))),
          "tenant_id cannot contain path separators");
      assertBadRequest(
          get("/api/v1/workspaces/w1/runs", "Bearer " + token(b -> b.withClaim("workspace", "w\t1"))),
          "workspace_id contains invalid characters (allowed: a-z, 0-9, '-', '_')");
    }

    @Test
    void tokenForAnotherWorkspaceIsNotFound() {
      assertError(
          get("/api/v1/workspaces/w1/runs", "Bearer " + token(b -> b.withClaim("workspace", "w2"))),
          404,
          "NOT_FOUND",
          "workspace not found");
    }

    @Test
    void subjectBecomesThePrincipal() {
      String auth = "Bearer " + valid();
      Resp deployed =
          post(
              "/api/v1/workspaces/w1/manifests",
              "{\"manifestVersion\":\"v\",\"codeVersionId\":\"c\",\"assets\":[{\"key\":{\"namespace\":\"analytics\",\"name\":\"a\"},\"id\":\"1\"}]}",
              auth);
      assertStatus(deployed, 201);
      Resp doc =
          get("/api/v1/workspaces/w1/manifests/" + deployed.body().get("manifestId").asText(), auth);
      assertThat(doc.body().get("deployedBy").asText()).isEqualTo("user-42");

      Resp run = post("/api/v1/workspaces/w1/runs", "{\"selection\":[\"analytics.a\"]}", auth);
      assertStatus(run, 201);
      Resp cancel =
          post("/api/v1/workspaces/w1/runs/" + run.body().get("runId").asText() + "/cancel", "{}", auth);
      assertStatus(cancel, 200);
    }

    @Test
    void tokenIssuedAheadOfTheServerClockIsAccepted() {
      assertStatus(
          get(
              "/api/v1/workspaces/w1/runs",
              "Bearer " + token(b -> b.withIssuedAt(now.plus(Duration.ofMinutes(10))))),
          200);
    }
  }
}
