package io.arco.flow.engine;

import io.arco.flow.store.ClusterNode;
import io.arco.flow.store.WriterLease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cluster as this node sees it (several serving nodes, decisions §7.11): which node this is,
 * the lease length, the database's time, the registered nodes and every workspace's writer lease.
 * A node counts as alive while it said so within two lease periods ({@link #alive}).
 */
public record ClusterStatus(
    String nodeId,
    String advertiseUrl,
    Duration leaseDuration,
    Instant databaseNow,
    List<ClusterNode> nodes,
    List<WriterLease> leases) {
  public ClusterStatus {
    nodes = List.copyOf(nodes);
    leases = List.copyOf(leases);
  }

  /** Whether {@code node} said it was alive within two lease periods of the database's now. */
  public boolean alive(ClusterNode node) {
    return !node.lastSeen().isBefore(databaseNow.minus(leaseDuration.multipliedBy(2)));
  }
}
