package io.arco.flow.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Engine settings: snapshot cadence, how often controllers run under the system clock (zero
 * disables the ticker, as under the manual clock), listeners told about every commit, and how long
 * a workspace waits before retrying a failed snapshot (doubling after each further failure, at
 * most five minutes), and the observer told how writers and snapshots perform (metrics; none by
 * default), and, for several serving nodes on one PostgreSQL database, this node's place in the
 * cluster (none by default: one node serves every workspace).
 */
public record EngineOptions(
    int snapshotEvery,
    Duration tickInterval,
    List<TransitionListener> listeners,
    Duration snapshotRetry,
    EngineObserver observer,
    Optional<ClusterOptions> cluster) {
  public EngineOptions {
    listeners = List.copyOf(listeners);
    if (snapshotRetry.isNegative()) {
      throw new IllegalArgumentException("snapshotRetry must not be negative");
    }
  }

  public static EngineOptions defaults() {
    return new EngineOptions(
        1000, Duration.ofSeconds(1), List.of(), Duration.ofSeconds(1), EngineObserver.NONE,
        Optional.empty());
  }

  public EngineOptions withTickInterval(Duration d) {
    return new EngineOptions(snapshotEvery, d, listeners, snapshotRetry, observer, cluster);
  }

  public EngineOptions withSnapshotEvery(int n) {
    return new EngineOptions(n, tickInterval, listeners, snapshotRetry, observer, cluster);
  }

  public EngineOptions withListener(TransitionListener l) {
    List<TransitionListener> all = new java.util.ArrayList<>(listeners);
    all.add(l);
    return new EngineOptions(snapshotEvery, tickInterval, all, snapshotRetry, observer, cluster);
  }

  /** The wait before the first retry of a failed snapshot. */
  public EngineOptions withSnapshotRetry(Duration first) {
    return new EngineOptions(snapshotEvery, tickInterval, listeners, first, observer, cluster);
  }

  /** Tells {@code o} how writers and snapshots perform (replaces the observer set before). */
  public EngineOptions withObserver(EngineObserver o) {
    return new EngineOptions(snapshotEvery, tickInterval, listeners, snapshotRetry, o, cluster);
  }

  /** Serves as one node of several on a shared PostgreSQL store (decisions §7.11). */
  public EngineOptions withCluster(ClusterOptions c) {
    return new EngineOptions(snapshotEvery, tickInterval, listeners, snapshotRetry, observer, Optional.of(c));
  }
}
