package io.arco.api.http;

import java.util.Optional;

/**
 * How user requests authenticate: dev mode (tenancy headers, the default of {@code arco serve} on
 * loopback) or JWT mode (HS256 shared secret or RS256 public key, decisions §1).
 */
public record AuthConfig(Optional<byte[]> hs256Secret, Optional<java.security.interfaces.RSAPublicKey> rs256Key) {
  public static AuthConfig devMode() {
    return new AuthConfig(Optional.empty(), Optional.empty());
  }

  public boolean isDevMode() {
    return hs256Secret.isEmpty() && rs256Key.isEmpty();
  }
}
