package io.arco.flow.store;

import io.arco.flow.model.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What several serving nodes on one database need of it besides the log (decisions §7.11): a writer
 * lease per workspace with a fencing epoch, a registry of nodes, and word of other nodes' appends.
 * Implemented by {@link PostgresEventStore}; the embedded stores serve one process and have none of
 * it.
 *
 * <p>Fencing: once {@link #joinCluster} is called, this store instance appends to a workspace only
 * while it is {@linkplain #fence fenced} there, and every append checks, in its own transaction and
 * under the lease row's lock, that the lease is still this node's at that epoch. A node deposed
 * while paused, or whose lease another node took over, fails its next append with {@link
 * FencedAppendException} and writes nothing. A lease taken over waits for an append in flight to
 * commit, so the new holder's catch-up read sees it.
 */
public interface ClusterStore {

  /**
   * From now on this store appends as node {@code nodeId}: only to workspaces it is fenced in, and
   * each append tells listening nodes ({@link #listen}).
   */
  void joinCluster(String nodeId);

  /**
   * Takes the workspace's writer lease for {@code nodeId} when nobody holds it, it has lapsed, or
   * {@code nodeId} holds it already (a restarted node): the epoch goes up by one and the lease runs
   * for {@code ttl} from the database's now. Empty, changing nothing, when another node holds a
   * lease that has not lapsed.
   */
  Optional<WriterLease> acquireLease(Scope scope, String nodeId, Duration ttl);

  /**
   * Extends the lease to {@code ttl} from the database's now if {@code nodeId} still holds it at
   * {@code epoch}, even when it lapsed meanwhile and nobody took it. False when it is lost.
   */
  boolean renewLease(Scope scope, String nodeId, long epoch, Duration ttl);

  /** Ends the lease now if {@code nodeId} still holds it at {@code epoch}, so another node need not wait. */
  void releaseLease(Scope scope, String nodeId, long epoch);

  /** The workspace's lease, lapsed or not; empty when no node ever held it. */
  Optional<WriterLease> lease(Scope scope);

  /** Every workspace's lease, in scope order. */
  List<WriterLease> leases();

  /** The database's clock, which every lease is measured on. */
  Instant databaseNow();

  /** Registers {@code nodeId} at {@code advertiseUrl}, or says it is still alive. */
  void heartbeat(String nodeId, String advertiseUrl);

  /** The registered nodes, by id. */
  List<ClusterNode> nodes();

  /**
   * Appends to {@code scope} carry {@code epoch} from now on: they fail unless the lease is still
   * this node's at that epoch.
   */
  void fence(Scope scope, long epoch);

  /**
   * Appends to {@code scope} are refused from now on (this node no longer writes it), if they were
   * fenced at {@code epoch}; a fence set since for a newer epoch stays.
   */
  void unfence(Scope scope, long epoch);

  /**
   * Listens for appends by any node: {@code appended} gets the workspace of each committed append
   * (possibly late, possibly more than once), and {@code reconnected} is called whenever the
   * listening connection was lost and is back, since appends made meanwhile were not told. Runs on
   * a thread of its own until the returned handle is closed.
   */
  AutoCloseable listen(Consumer<Scope> appended, Runnable reconnected);
}
