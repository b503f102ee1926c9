package io.arco.api;

import io.arco.api.http.AuthConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the HTTP server: user authentication, the callback base URL handed to workers
 * (default: the listening URL), the task-token secret and lifetime.
 */
public record ServerConfig(
    AuthConfig auth,
    Optional<String> publicUrl,
    Optional<byte[]> taskTokenSecret,
    Duration taskTokenTtl) {

  public static ServerConfig defaults() {
    return new ServerConfig(AuthConfig.devMode(), Optional.empty(), Optional.empty(), Duration.ofHours(1));
  }

  public ServerConfig withAuth(AuthConfig a) {
    return new ServerConfig(a, publicUrl, taskTokenSecret, taskTokenTtl);
  }

  public ServerConfig withPublicUrl(String url) {
    return new ServerConfig(auth, Optional.of(url), taskTokenSecret, taskTokenTtl);
  }

  public ServerConfig withTaskTokenSecret(byte[] secret) {
    return new ServerConfig(auth, publicUrl, Optional.of(secret), taskTokenTtl);
  }
}
