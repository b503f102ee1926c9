package io.arco.api.worker;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.arco.flow.engine.LeasedSensorEvaluation;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.TaskTokenClaims;
import io.arco.flow.model.Ids;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task tokens (decisions §6.2): HS256 JWTs scoped to one attempt of one task, always issued and
 * always verified. TTL 3600 s by default, at most 86400 s, and never shorter than the task's
 * heartbeat timeout plus 330 s. Issue and expiry times come from the engine's clock.
 */
public final class TaskTokens {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(3600);
  public static final Duration MAX_TTL = Duration.ofSeconds(86400);

  /** Verified tokens kept at most; the cache is emptied when it would grow past this. */
  static final int VERIFIED_CACHE_SIZE = 20_000;

  private final Algorithm algorithm;
  private final InstantSource clock;
  private final Duration ttl;

  /** A token that verified, with the times its later uses are checked against again. */
  private record Verified(TaskTokenClaims claims, Instant notBefore, Instant expiresAt) {}

  /**
   * Tokens this server issued or that verified, by their exact text. A worker sends one task token
   * with started, heartbeats and completed (often in one batch report); a token this object signed
   * is known from its issue, another one has its signature and claims checked once, and each use
   * only checks the times again. A token whose times no longer pass goes through the full
   * verification, which gives the reason.
   */
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  public TaskTokens(byte[] secret, InstantSource clock, Duration ttl) {
    this.algorithm = Algorithm.HMAC256(secret);
    this.clock = clock;
    this.ttl = ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
  }

  /** A minted token and its expiry. */
  public record Issued(String token, Instant expiresAt) {}

  public Issued issue(LeasedTask t) {
    return sign(
        new TaskTokenClaims(
            Ids.callbackTaskId(t.runId(), t.taskKey()),
            t.scope().tenant(),
            t.scope().workspace(),
            Optional.of(t.runId()),
            Optional.of(t.attempt()),
            Optional.of(t.attemptId())),
        t.heartbeatTimeoutSec());
  }

  /**
   * A token for a poll-sensor evaluation: scoped to its {@code cs1_} task id and lease ({@code
   * attemptId}), without a run; never shorter than the lease plus 330 s.
   */
  public Issued issueSensor(LeasedSensorEvaluation s) {
    return sign(
        new TaskTokenClaims(
            s.taskId(),
            s.scope().tenant(),
            s.scope().workspace(),
            Optional.empty(),
            Optional.of(1),
            Optional.of(s.attemptId())),
        LeasedSensorEvaluation.LEASE_SECONDS);
  }

  /**
   * Signs {@code claims} from now, for the TTL but never shorter than {@code floorSeconds} plus
   * 330 s, and remembers the token as known: its claims, and its times in whole seconds as the JWT
   * holds them, so its later uses pass or fail exactly as after a full verification.
   */
  private Issued sign(TaskTokenClaims claims, long floorSeconds) {
    Instant now = clock.instant();
    Duration floor = Duration.ofSeconds(floorSeconds + 330L);
    Instant exp = now.plus(ttl.compareTo(floor) < 0 ? floor : ttl);
    JWTCreator.Builder b =
        JWT.create()
            .withClaim("taskId", claims.taskId())
            .withClaim("tenantId", claims.tenantId())
            .withClaim("workspaceId", claims.workspaceId());
    claims.runId().ifPresent(r -> b.withClaim("runId", r));
    claims.attempt().ifPresent(a -> b.withClaim("attempt", a));
    claims.attemptId().ifPresent(a -> b.withClaim("attemptId", a));
    String token = b.withIssuedAt(now).withNotBefore(now).withExpiresAt(exp).sign(algorithm);
    remember(
        token,
        new Verified(
            claims,
            now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            exp.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    return new Issued(token, exp);
  }

  /**
   * Verifies signature, the presence of {@code exp}, {@code exp} and {@code nbf} and reads the
   * claims (camelCase, snake_case aliases accepted).
   *
   * @throws InvalidTaskToken with the reason text ({@code invalid token: {reason}}, decisions §6.2)
   */
  public TaskTokenClaims verify(String token) {
    Instant now = clock.instant();
    Verified known = verified.get(token);
    if (known != null && !now.isBefore(known.notBefore()) && now.isBefore(known.expiresAt())) {
      return known.claims();
    }
    DecodedJWT jwt;
    try {
      jwt =
          ((com.auth0.jwt.JWTVerifier.BaseVerification) JWT.require(algorithm).withClaimPresence("exp"))
              .build(clock.withZone(ZoneOffset.UTC))
              .verify(token);
    } catch (JWTVerificationException e) {
      throw new InvalidTaskToken("invalid token: " + reason(e));
    }
    Optional<String> taskId = str(jwt, "taskId", "task_id");
    Optional<String> tenant = str(jwt, "tenantId", "tenant");
    Optional<String> workspace = str(jwt, "workspaceId", "workspace");
    if (taskId.isEmpty() || tenant.isEmpty() || workspace.isEmpty()) {
      throw new InvalidTaskToken("invalid token: missing taskId, tenantId or workspaceId claim");
    }
    Claim attempt = first(jwt, "attempt", "attempt");
    TaskTokenClaims claims =
        new TaskTokenClaims(
            taskId.get(),
            tenant.get(),
            workspace.get(),
            str(jwt, "runId", "run_id"),
            attempt.isMissing() || attempt.isNull() ? Optional.empty() : Optional.ofNullable(attempt.asInt()),
            str(jwt, "attemptId", "attempt_id"));
    remember(token, jwt, claims);
    return claims;
  }

  private void remember(String token, DecodedJWT jwt, TaskTokenClaims claims) {
    Instant notBefore =
        latest(
            Optional.ofNullable(jwt.getNotBeforeAsInstant()),
            Optional.ofNullable(jwt.getIssuedAtAsInstant()));
    remember(token, new Verified(claims, notBefore, jwt.getExpiresAtAsInstant()));
  }

  private void remember(String token, Verified v) {
    if (verified.size() >= VERIFIED_CACHE_SIZE) {
      verified.clear();
    }
    verified.put(token, v);
  }

  private static Instant latest(Optional<Instant> a, Optional<Instant> b) {
    Instant x = a.orElse(Instant.MIN);
    Instant y = b.orElse(Instant.MIN);
    return x.isAfter(y) ? x : y;
  }

  /**
   * What is wrong with a token that does not verify, in fixed words: never the JWT library's own
   * message, which names its algorithm classes and echoes claim values.
   */
  static String reason(JWTVerificationException e) {
    return switch (e) {
      case TokenExpiredException x -> "expired";
      case SignatureVerificationException x -> "bad signature";
      case AlgorithmMismatchException x -> "wrong algorithm";
      case JWTDecodeException x -> "malformed";
      case MissingClaimException x -> "missing " + x.getClaimName();
      case IncorrectClaimException x ->
          switch (x.getClaimName()) {
            case "nbf" -> "not yet valid";
            case "iat" -> "issued in the future";
            case "aud" -> "wrong audience";
            case "iss" -> "wrong issuer";
            default -> "invalid " + x.getClaimName();
          };
      default -> "does not verify";
    };
  }

  private static Claim first(DecodedJWT jwt, String a, String b) {
    Claim c = jwt.getClaim(a);
    return c.isMissing() ? jwt.getClaim(b) : c;
  }

  private static Optional<String> str(DecodedJWT jwt, String a, String b) {
    Claim c = first(jwt, a, b);
    return c.isMissing() || c.isNull() ? Optional.empty() : Optional.ofNullable(c.asString());
  }

  /** A token that does not verify; the message is the 401 reason. */
  public static final class InvalidTaskToken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidTaskToken(String message) {
      super(message, null, false, false);
    }
  }
}
