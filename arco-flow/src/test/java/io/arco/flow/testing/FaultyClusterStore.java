package io.arco.flow.testing;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.HistoryRows;
import io.arco.flow.model.Scope;
import io.arco.flow.store.ClusterNode;
import io.arco.flow.store.ClusterStore;
import io.arco.flow.store.ForwardingEventStore;
import io.arco.flow.store.PostgresEventStore;
import io.arco.flow.store.SideWrite;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.WriterLease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A node's PostgreSQL store that a test can disturb.
 *
 * <p>Paused: appends, log reads, head reads and every lease call wait, as they would in a process
 * stopped by a long garbage collection or a frozen virtual machine. Calls in flight when the pause
 * starts finish; calls made during it resume when it ends and then meet whatever the other nodes
 * did meanwhile (a fenced append fails).
 *
 * <p>Failing: the next append commits and then throws, as when the connection drops before the
 * commit's answer arrives; log reads and lease renewals throw while told to; one log read throws
 * after a given number of others succeeded (a connection lost in the middle of a catch-up).
 */
public final class FaultyClusterStore extends ForwardingEventStore implements ClusterStore {
  private final PostgresEventStore postgres;
  private boolean paused;
  private volatile boolean failNextAppendAfterCommit;
  private volatile boolean failReads;
  private volatile boolean failRenewals;
  /** Reads still allowed before one fails; negative: none planned. */
  private final java.util.concurrent.atomic.AtomicInteger readsBeforeFailure =
      new java.util.concurrent.atomic.AtomicInteger(-1);

  public FaultyClusterStore(PostgresEventStore postgres) {
    super(postgres);
    this.postgres = postgres;
  }

  public synchronized void pause() {
    paused = true;
  }

  public synchronized void resume() {
    paused = false;
    notifyAll();
  }

  /** The next append commits, then throws as if the connection dropped before its answer. */
  public void failNextAppendAfterCommit() {
    failNextAppendAfterCommit = true;
  }

  /** Log and head reads throw while {@code on}. */
  public void failReads(boolean on) {
    failReads = on;
  }

  /** After {@code reads} more log reads succeed, the next one throws, once. */
  public void failOneReadAfter(int reads) {
    readsBeforeFailure.set(reads);
  }

  /** Lease renewals throw while {@code on}. */
  public void failRenewals(boolean on) {
    failRenewals = on;
  }

  private static io.arco.flow.error.StoreException dropped() {
    return new io.arco.flow.error.StoreException("connection dropped (injected)");
  }

  private synchronized void gate() {
    while (paused) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while paused", e);
      }
    }
  }

  @Override
  public long append(Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites, HistoryRows history) {
    gate();
    long head = super.append(scope, events, sideWrites, history);
    if (failNextAppendAfterCommit) {
      failNextAppendAfterCommit = false;
      throw dropped();
    }
    return head;
  }

  @Override
  public List<StoredEvent> read(Scope scope, long afterSequence, int limit) {
    gate();
    if (failReads || readsBeforeFailure.getAndUpdate(n -> n >= 0 ? n - 1 : n) == 0) {
      throw dropped();
    }
    return super.read(scope, afterSequence, limit);
  }

  @Override
  public long head(Scope scope) {
    gate();
    if (failReads) {
      throw dropped();
    }
    return super.head(scope);
  }

  @Override
  public void joinCluster(String nodeId) {
    postgres.joinCluster(nodeId);
  }

  @Override
  public Optional<WriterLease> acquireLease(Scope scope, String nodeId, Duration ttl) {
    gate();
    return postgres.acquireLease(scope, nodeId, ttl);
  }

  @Override
  public boolean renewLease(Scope scope, String nodeId, long epoch, Duration ttl) {
    gate();
    if (failRenewals) {
      throw dropped();
    }
    return postgres.renewLease(scope, nodeId, epoch, ttl);
  }

  @Override
  public void releaseLease(Scope scope, String nodeId, long epoch) {
    gate();
    postgres.releaseLease(scope, nodeId, epoch);
  }

  @Override
  public Optional<WriterLease> lease(Scope scope) {
    gate();
    return postgres.lease(scope);
  }

  @Override
  public List<WriterLease> leases() {
    gate();
    return postgres.leases();
  }

  @Override
  public Instant databaseNow() {
    gate();
    return postgres.databaseNow();
  }

  @Override
  public void heartbeat(String nodeId, String advertiseUrl) {
    gate();
    postgres.heartbeat(nodeId, advertiseUrl);
  }

  @Override
  public List<ClusterNode> nodes() {
    gate();
    return postgres.nodes();
  }

  @Override
  public void fence(Scope scope, long epoch) {
    postgres.fence(scope, epoch);
  }

  @Override
  public void unfence(Scope scope, long epoch) {
    postgres.unfence(scope, epoch);
  }

  @Override
  public AutoCloseable listen(Consumer<Scope> appended, Runnable reconnected) {
    return postgres.listen(appended, reconnected);
  }
}
