package io.arco.bench;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.ForwardingEventStore;
import io.arco.flow.store.SideWrite;
import io.arco.flow.store.StoredSnapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EventStore} that forwards every call and counts appends (one per group commit of the
 * single writer), the events they carried, the time the appends took, and snapshots with their size, so a benchmark
 * can show how many events each commit batched and what snapshots cost.
 */
class CountingEventStore extends ForwardingEventStore {
  private final AtomicLong appends = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong appendNanos = new AtomicLong();
  private final AtomicLong snapshots = new AtomicLong();
  private final AtomicLong snapshotBytes = new AtomicLong();

  CountingEventStore(EventStore delegate) {
    super(delegate);
  }

  void reset() {
    appends.set(0);
    events.set(0);
    appendNanos.set(0);
    snapshots.set(0);
    snapshotBytes.set(0);
  }

  long appends() {
    return appends.get();
  }

  long events() {
    return events.get();
  }

  /** Wall time spent in appends (encoding, writing, the durable commit) since the last reset. */
  long appendNanos() {
    return appendNanos.get();
  }

  long snapshots() {
    return snapshots.get();
  }

  /** Bytes of the last snapshot saved. */
  long lastSnapshotBytes() {
    return snapshotBytes.get();
  }

  @Override
  public long append(
      Scope scope,
      List<EventEnvelope> batch,
      List<SideWrite> sideWrites,
      io.arco.flow.fold.HistoryRows finished) {
    long start = System.nanoTime();
    long head = super.append(scope, batch, sideWrites, finished);
    appendNanos.addAndGet(System.nanoTime() - start);
    appends.incrementAndGet();
    events.addAndGet(batch.size());
    return head;
  }

  @Override
  public void saveSnapshot(Scope scope, StoredSnapshot snapshot) {
    super.saveSnapshot(scope, snapshot);
    snapshots.incrementAndGet();
    snapshotBytes.set(snapshot.bytes().length);
  }
}
