package io.arco.flow.engine;

import io.arco.flow.model.Scope;
import io.arco.flow.store.ClusterNode;
import io.arco.flow.store.ClusterStore;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.WriterLease;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in a cluster of serving nodes on one PostgreSQL database (decisions §7.11).
 *
 * <p>Every third of a lease period it says it is alive, renews the leases it holds (a lease it
 * cannot renew for a whole period, or finds taken, makes it a follower of that workspace), folds
 * what other nodes appended to the workspaces it follows, and takes over any workspace whose lease
 * has lapsed (its writer died or was paused past its lease) — catching up on the log first, so
 * controllers keep running somewhere. Between those passes, {@code NOTIFY} from each append wakes
 * the followers of that workspace at once; a lost listening connection is made good by a full
 * catch-up once it is back.
 *
 * <p>{@link #route} answers where a command must run: here when this node writes the workspace or
 * could take a lapsed lease, else at the holder's advertised URL.
 */
final class ClusterMember implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

  private final ClusterStore leases;
  private final EventStore store;
  private final ClusterOptions options;
  private final Workspaces workspaces;
  /** System.nanoTime of each held lease's last successful renewal (or acquisition). */
  private final Map<Scope, Long> renewedAt = new ConcurrentHashMap<>();
  private final Set<Scope> catchUpsDue = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("arco-cluster").unstarted(r));
  private final ExecutorService followers =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("arco-follower").unstarted(r));
  private volatile List<ClusterNode> nodes = List.of();
  private volatile AutoCloseable listener;
  private volatile boolean closed;
  private volatile String lastProblem = "";

  ClusterMember(ClusterStore leases, EventStore store, ClusterOptions options, Workspaces workspaces) {
    this.leases = leases;
    this.store = store;
    this.options = options;
    this.workspaces = workspaces;
  }

  ClusterSeat seat() {
    return new ClusterSeat(leases, options.nodeId());
  }

  /** Joins: registers the node, starts listening for appends, and runs the first pass at once. */
  void start() {
    leases.joinCluster(options.nodeId());
    leases.heartbeat(options.nodeId(), options.advertiseUrl());
    listener = leases.listen(this::appended, this::catchUpAll);
    long period = Math.max(50, options.leaseDuration().toMillis() / 3);
    timer.scheduleWithFixedDelay(this::pass, 0, period, TimeUnit.MILLISECONDS);
  }

  /** Another node appended to {@code scope}: fold it soon, once however often it was told. */
  private void appended(Scope scope) {
    if (closed || !catchUpsDue.add(scope)) {
      return;
    }
    followers.execute(
        () -> {
          catchUpsDue.remove(scope);
          if (!closed) {
            try {
              workspaces.workspace(scope).catchUp();
            } catch (RuntimeException e) {
              problem("cannot fold the appends of " + scope + ": " + e.getMessage());
            }
          }
        });
  }

  private void catchUpAll() {
    for (Scope scope : knownScopes()) {
      appended(scope);
    }
  }

  /** One pass: heartbeat, renew what is held, follow and take over what is not. */
  private void pass() {
    if (closed) {
      return;
    }
    try {
      leases.heartbeat(options.nodeId(), options.advertiseUrl());
      nodes = leases.nodes();
    } catch (RuntimeException e) {
      problem("cannot reach the database: " + e.getMessage());
    }
    for (Scope scope : knownScopes()) {
      if (closed) {
        return;
      }
      try {
        WorkspaceEngine ws = workspaces.workspace(scope);
        if (ws.writes()) {
          renew(ws);
        } else {
          ws.catchUp();
          Optional<WriterLease> l = leases.lease(scope);
          if (l.isEmpty() || l.get().lapsed() || l.get().holder().equals(options.nodeId())) {
            acquire(ws);
          }
        }
      } catch (EngineClosedException e) {
        return;
      } catch (RuntimeException e) {
        problem(scope + ": " + e.getMessage());
      }
    }
  }

  private Set<Scope> knownScopes() {
    Set<Scope> all = new TreeSet<>(workspaces.loaded().keySet());
    try {
      all.addAll(store.scopes());
    } catch (RuntimeException e) {
      problem("cannot list workspaces: " + e.getMessage());
    }
    return all;
  }

  private void renew(WorkspaceEngine ws) {
    long epoch = ws.epoch();
    try {
      if (leases.renewLease(ws.scope, options.nodeId(), epoch, options.leaseDuration())) {
        renewedAt.put(ws.scope, System.nanoTime());
      } else {
        LOG.warn("{}: the writer lease at epoch {} was taken over", ws.scope, epoch);
        ws.demote("lost", epoch);
      }
    } catch (RuntimeException e) {
      long since = System.nanoTime() - renewedAt.getOrDefault(ws.scope, 0L);
      if (since >= options.leaseDuration().toNanos()) {
        LOG.warn("{}: could not renew the writer lease for a whole lease period ({})", ws.scope, e.getMessage());
        ws.demote("lost", epoch);
      }
      problem("cannot renew the writer lease of " + ws.scope + ": " + e.getMessage());
    }
  }

  /** Takes the workspace's lease if it is free, lapsed or this node's; true when this node now writes it. */
  private boolean acquire(WorkspaceEngine ws) {
    synchronized (ws) {
      if (ws.writes()) {
        return true;
      }
      Optional<WriterLease> got =
          leases.acquireLease(ws.scope, options.nodeId(), options.leaseDuration());
      if (got.isEmpty()) {
        return false;
      }
      long at = System.nanoTime();
      try {
        ws.becomeWriter(got.get().epoch());
      } catch (RuntimeException e) {
        try {
          leases.releaseLease(ws.scope, options.nodeId(), got.get().epoch());
        } catch (RuntimeException ignored) {
          // it lapses on its own
        }
        throw e;
      }
      renewedAt.put(ws.scope, at);
      LOG.info("{}: node {} now writes the workspace (epoch {})", ws.scope, options.nodeId(), got.get().epoch());
      return true;
    }
  }

  /**
   * Where a command for {@code scope} must run: here when this node writes it, or takes over a
   * lease that is free or lapsed (after catching up); else at the holder's advertised URL.
   */
  WriterRoute route(Scope scope) {
    try {
      WorkspaceEngine ws = workspaces.workspace(scope);
      if (ws.writes()) {
        return new WriterRoute.Local();
      }
      Optional<WriterLease> l = leases.lease(scope);
      if (l.isEmpty() || l.get().lapsed() || l.get().holder().equals(options.nodeId())) {
        if (acquire(ws)) {
          return new WriterRoute.Local();
        }
        l = leases.lease(scope);
      }
      if (l.isEmpty()) {
        return new WriterRoute.Unavailable("the writer lease of " + scope + " could not be taken");
      }
      String holder = l.get().holder();
      Optional<ClusterNode> node = find(holder);
      if (node.isEmpty()) {
        nodes = leases.nodes();
        node = find(holder);
      }
      return node.<WriterRoute>map(n -> new WriterRoute.Remote(n.nodeId(), n.advertiseUrl()))
          .orElseGet(() -> new WriterRoute.Unavailable("writer node " + holder + " is not registered"));
    } catch (EngineClosedException e) {
      throw e;
    } catch (RuntimeException e) {
      return new WriterRoute.Unavailable("cannot read the writer lease or the workspace: " + e.getMessage());
    }
  }

  private Optional<ClusterNode> find(String nodeId) {
    return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
  }

  /** The cluster as the database has it now. */
  ClusterStatus status() {
    return new ClusterStatus(
        options.nodeId(),
        options.advertiseUrl(),
        options.leaseDuration(),
        leases.databaseNow(),
        leases.nodes(),
        leases.leases());
  }

  /** Logs a problem of the cluster passes once per distinct message in a row. */
  private void problem(String message) {
    if (!message.equals(lastProblem)) {
      lastProblem = message;
      LOG.warn("cluster: {}", message);
    }
  }

  /** Stops the passes and the listener; the workspaces release their leases as they close. */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    followers.shutdownNow();
    AutoCloseable l = listener;
    if (l != null) {
      try {
        l.close();
      } catch (Exception e) {
        LOG.debug("closing the append listener", e);
      }
    }
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      followers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
