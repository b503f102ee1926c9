package io.arco.api;

import io.arco.api.http.AuthConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the HTTP server: user authentication, the callback base URL handed to workers
 * (default: the listening URL), the task-token secret and lifetime, whether dev mode answers
 * requests for any {@code Host} ({@code allowRemote}; by default only loopback hosts, decisions
 * §7.3) and the optional private metrics listener (decisions §7.4).
 */
public record ServerConfig(
    AuthConfig auth,
    Optional<String> publicUrl,
    Optional<byte[]> taskTokenSecret,
    Duration taskTokenTtl,
    boolean allowRemote,
    Optional<Listener> metricsListener) {

  /** An address to bind: host and port (0 picks a free port). */
  public record Listener(String host, int port) {}

  public static ServerConfig defaults() {
    return new ServerConfig(
        AuthConfig.devMode(), Optional.empty(), Optional.empty(), Duration.ofHours(1), false, Optional.empty());
  }

  public ServerConfig withAuth(AuthConfig a) {
    return new ServerConfig(a, publicUrl, taskTokenSecret, taskTokenTtl, allowRemote, metricsListener);
  }

  public ServerConfig withPublicUrl(String url) {
    return new ServerConfig(auth, Optional.of(url), taskTokenSecret, taskTokenTtl, allowRemote, metricsListener);
  }

  public ServerConfig withTaskTokenSecret(byte[] secret) {
    return new ServerConfig(auth, publicUrl, Optional.of(secret), taskTokenTtl, allowRemote, metricsListener);
  }

  /** Dev mode answers requests whatever their {@code Host} ({@code --allow-remote}). */
  public ServerConfig withAllowRemote(boolean allow) {
    return new ServerConfig(auth, publicUrl, taskTokenSecret, taskTokenTtl, allow, metricsListener);
  }

  /**
   * Also serves {@code GET /metrics}, unauthenticated and for every workspace, on this address
   * ({@code --metrics-port}); the operator keeps it private.
   */
  public ServerConfig withMetricsListener(String host, int port) {
    return new ServerConfig(
        auth, publicUrl, taskTokenSecret, taskTokenTtl, allowRemote, Optional.of(new Listener(host, port)));
  }
}
