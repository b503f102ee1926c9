package io.arco.api.http;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates user-router requests (api-contract §1.2) and builds their {@link RequestContext}:
 * dev mode reads {@code X-Tenant-Id}/{@code X-Workspace-Id}/{@code X-User-Id}/{@code X-Groups};
 * JWT mode verifies a bearer token and reads the {@code tenant}, {@code workspace}, {@code sub} and
 * {@code groups} claims. Tenant and workspace are normalised either way.
 */
public final class Auth {
  private final AuthConfig config;
  private final InstantSource clock;

  public Auth(AuthConfig config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
  }

  public RequestContext authenticate(Context ctx, String requestId) {
    Optional<String> idem = Optional.ofNullable(ctx.header("Idempotency-Key"));
    if (config.isDevMode()) {
      String tenant = ctx.header("X-Tenant-Id");
      if (tenant == null) {
        throw new ApiException(ErrorMapper.unauthorized("missing X-Tenant-Id header (debug mode)"));
      }
      String workspace = ctx.header("X-Workspace-Id");
      if (workspace == null) {
        throw new ApiException(ErrorMapper.unauthorized("missing X-Workspace-Id header (debug mode)"));
      }
      String user = ctx.header("X-User-Id");
      return new RequestContext(
          ScopeIds.normalize("tenant_id", tenant),
          ScopeIds.normalize("workspace_id", workspace),
          Optional.ofNullable(user).filter(u -> !u.isEmpty()),
          groups(Optional.ofNullable(ctx.header("X-Groups")).orElse("")),
          requestId,
          idem);
    }
    if (config.hs256Secret().isPresent() && config.rs256Key().isPresent()) {
      // api-contract §1.2: configuring both an HS256 secret and an RS256 key is a server error.
      throw new ApiException(
          ErrorMapper.misconfigured(
              "JWT configuration error: configure either an HS256 secret or an RS256 public key,"
                  + " not both"));
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiException(ErrorMapper.missingAuth());
    }
    DecodedJWT jwt;
    try {
      jwt = verifier().verify(header.substring(7).trim());
    } catch (MissingClaimException e) {
      // decisions §7.2: a user token must expire; one without exp is refused, saying why. The
      // signature was checked first, so only the key's holder learns this.
      if ("exp".equals(e.getClaimName())) {
        throw new ApiException(ErrorMapper.invalidToken("invalid token: missing exp"));
      }
      throw invalidToken();
    } catch (JWTVerificationException e) {
      throw invalidToken();
    }
    String tenant = requiredClaim(jwt, "tenant");
    String workspace = requiredClaim(jwt, "workspace");
    String sub = requiredClaim(jwt, "sub");
    return new RequestContext(
        ScopeIds.normalize("tenant_id", tenant),
        ScopeIds.normalize("workspace_id", workspace),
        Optional.of(sub),
        jwtGroups(jwt.getClaim("groups")),
        requestId,
        idem);
  }

  /** Whether user requests authenticate with dev-mode headers rather than tokens. */
  public boolean devMode() {
    return config.isDevMode();
  }

  /**
   * Verifies the signature, the presence of {@code exp} (decisions §7.2), {@code exp} and {@code
   * nbf} against the engine clock. {@code iat} is not checked: the contract validates only the
   * signature, {@code exp}, {@code nbf} and the claims (api-contract §1.2), so a token minted by an
   * issuer whose clock runs slightly ahead is accepted, as by the reference.
   */
  private JWTVerifier verifier() {
    Algorithm alg =
        config.hs256Secret().isPresent()
            ? Algorithm.HMAC256(config.hs256Secret().get())
            : Algorithm.RSA256(config.rs256Key().orElseThrow(), null);
    return ((com.auth0.jwt.JWTVerifier.BaseVerification)
            JWT.require(alg).withClaimPresence("exp").ignoreIssuedAt())
        .build(clock.withZone(ZoneOffset.UTC));
  }

  private static ApiException invalidToken() {
    return new ApiException(ErrorMapper.invalidToken("Invalid bearer token"));
  }

  private static String requiredClaim(DecodedJWT jwt, String name) {
    Claim c = jwt.getClaim(name);
    String v = c.isMissing() || c.isNull() ? null : c.asString();
    if (v == null || v.isEmpty()) {
      throw invalidToken();
    }
    return v;
  }

  private static List<String> jwtGroups(Claim c) {
    if (c.isMissing() || c.isNull()) {
      return List.of();
    }
    String s = c.asString();
    if (s != null) {
      return groups(s);
    }
    List<String> list = c.asList(String.class);
    if (list == null) {
      throw invalidToken();
    }
    return groups(String.join(",", list));
  }

  static List<String> groups(String raw) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String g : raw.split(",")) {
      String t = g.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return new ArrayList<>(out);
  }
}
