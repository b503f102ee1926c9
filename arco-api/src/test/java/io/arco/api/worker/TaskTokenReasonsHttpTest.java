package io.arco.api.worker;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task token that does not verify is 401 {@code invalid_token} {@code invalid token: {reason}}
 * (decisions §6.2) where the reason says in fixed words what is wrong — expired, bad signature,
 * malformed, wrong algorithm, not yet valid, missing exp — and never repeats the JWT library's own
 * message (its algorithm names, exception texts or claim values).
 */
class TaskTokenReasonsHttpTest {
  private final TestServer server = TestServer.start();
  private JsonNode env;
  private Instant now;

  @BeforeEach
  void aLeasedTask() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    server.post(server.ws() + "/runs", trigger("s.a"));
    env = new Worker(server, "w-1").pollOne();
    now = server.engine().now();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A token with the leased task's claims, changed by {@code change}, signed by {@code alg}. */
  private String token(Algorithm alg, Consumer<JWTCreator.Builder> change) {
    JWTCreator.Builder b =
        JWT.create()
            .withClaim("taskId", env.get("taskId").asText())
            .withClaim("tenantId", "t1")
            .withClaim("workspaceId", "w1")
            .withClaim("runId", env.get("runId").asText())
            .withClaim("attempt", env.get("attempt").asInt())
            .withClaim("attemptId", env.get("attemptId").asText())
            .withNotBefore(now)
            .withExpiresAt(now.plus(Duration.ofHours(1)));
    change.accept(b);
    return b.sign(alg);
  }

  private String token(Consumer<JWTCreator.Builder> change) {
    return token(Algorithm.HMAC256(server.engine().secret("task-token")), change);
  }

  private void assertRefused(String token, String reason) {
    TestServer.Resp r =
        server.send(
            "POST",
            "/api/v1/tasks/" + env.get("taskId").asText() + "/started",
            Json.string(Worker.attemptBody(env)),
            Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
    assertThat(r.status()).as(r.raw()).isEqualTo(401);
    assertThat(r.body().get("error").asText()).isEqualTo("invalid_token");
    assertThat(r.body().get("message").asText()).isEqualTo("invalid token: " + reason);
  }

  @Test
  void theTokenFromTheEnvelopeIsAccepted() {
    TestServer.Resp r =
        server.send(
            "POST",
            "/api/v1/tasks/" + env.get("taskId").asText() + "/started",
            Json.string(Worker.attemptBody(env)),
            Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token(b -> {})));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  @Test
  void anExpiredTokenSaysExpired() {
    assertRefused(token(b -> b.withExpiresAt(now.minus(Duration.ofMinutes(1)))), "expired");
  }

  @Test
  void aTokenSignedWithAnotherKeySaysBadSignature() {
    assertRefused(
        token(Algorithm.HMAC256("not-the-task-token-secret-32-bytes".getBytes(StandardCharsets.UTF_8)), b -> {}),
        "bad signature");
  }

  @Test
  void aTokenSignedWithAnotherAlgorithmSaysWrongAlgorithm() {
    assertRefused(token(Algorithm.HMAC512(server.engine().secret("task-token")), b -> {}), "wrong algorithm");
    assertRefused(token(Algorithm.none(), b -> {}), "wrong algorithm");
  }

  @Test
  void aTokenThatIsNotAJwtSaysMalformed() {
    assertRefused("not-a-jwt", "malformed");
    assertRefused("a.b.c", "malformed");
  }

  @Test
  void aTokenNotValidYetSaysSo() {
    assertRefused(token(b -> b.withNotBefore(now.plus(Duration.ofMinutes(5)))), "not yet valid");
  }

  @Test
  void aTokenWithoutExpSaysMissingExp() {
    String token =
        JWT.create()
            .withClaim("taskId", env.get("taskId").asText())
            .withClaim("tenantId", "t1")
            .withClaim("workspaceId", "w1")
            .sign(Algorithm.HMAC256(server.engine().secret("task-token")));
    assertRefused(token, "missing exp");
  }
}
