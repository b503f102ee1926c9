package io.arco.flow.engine;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * This node's place among several serving nodes on one PostgreSQL database (decisions §7.11): its
 * id (unique among the nodes; a node restarted with the same id takes its leases back at once),
 * the base URL other nodes forward commands to, and how long a writer lease lasts unless renewed
 * (renewed every third of it; a node that dies is replaced after at most one lease period).
 */
public record ClusterOptions(String nodeId, String advertiseUrl, Duration leaseDuration) {
  /** The default lease: ten seconds. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

  /** The shortest lease accepted (tests and simulations run short ones). */
  public static final Duration MIN_LEASE = Duration.ofMillis(300);

  /**
   * @throws IllegalArgumentException for an empty node id, one over 256 UTF-8 bytes or with a
   *     control character; an advertise URL that is not an absolute http(s) URL; a lease shorter
   *     than {@link #MIN_LEASE}
   */
  public ClusterOptions {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(advertiseUrl, "advertiseUrl");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    if (nodeId.isEmpty()) {
      throw new IllegalArgumentException("node id must not be empty");
    }
    if (nodeId.getBytes(StandardCharsets.UTF_8).length > 256) {
      throw new IllegalArgumentException("node id must be at most 256 bytes");
    }
    if (nodeId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("node id contains a control character");
    }
    URI uri;
    try {
      uri = URI.create(advertiseUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("advertise URL is not a URL: " + advertiseUrl);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "advertise URL must be an absolute http:// or https:// URL: " + advertiseUrl);
    }
    if (leaseDuration.compareTo(MIN_LEASE) < 0) {
      throw new IllegalArgumentException("lease duration must be at least " + MIN_LEASE.toMillis() + " ms");
    }
    if (advertiseUrl.endsWith("/")) {
      advertiseUrl = advertiseUrl.substring(0, advertiseUrl.length() - 1);
    }
  }
}
