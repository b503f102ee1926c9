package io.arco.flow.engine;

import io.arco.flow.store.ClusterNode;
import io.arco.flow.store.WriterLease;
import java.time.Duration;
import java.time.Instant;
import io.arco.flow.model.Scope;
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

  /**
   * A registered node as callers outside the engine see it (the HTTP layer reaches the engine
   * package only): its id, URL, first and last sign of life, and whether it counts as alive.
   */
  public record NodeView(String nodeId, String advertiseUrl, Instant startedAt, Instant lastSeen, boolean alive) {}

  /** A workspace's writer lease as callers outside the engine see it ({@link WriterLease}). */
  public record LeaseView(Scope scope, String holder, long epoch, Instant expiresAt, boolean lapsed) {
    /** Whether {@code nodeId} writes the workspace under this lease now (holds it, not lapsed). */
    public boolean writtenBy(String nodeId) {
      return holder.equals(nodeId) && !lapsed;
    }
  }

  /** The registered nodes, in the store's order, each with whether it is {@linkplain #alive alive}. */
  public List<NodeView> nodeViews() {
    return nodes.stream()
        .map(n -> new NodeView(n.nodeId(), n.advertiseUrl(), n.startedAt(), n.lastSeen(), alive(n)))
        .toList();
  }

  /** Every workspace's writer lease, in the store's order. */
  public List<LeaseView> leaseViews() {
    return leases.stream()
        .map(l -> new LeaseView(l.scope(), l.holder(), l.epoch(), l.expiresAt(), l.lapsed()))
        .toList();
  }
}
