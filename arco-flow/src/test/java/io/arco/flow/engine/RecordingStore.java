package io.arco.flow.engine;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import io.arco.flow.store.ForwardingEventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.SideWrite;
import io.arco.flow.error.StoreException;
import io.arco.flow.store.StoredSnapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that counts appends, can fail the next one, and can slow appends down. */
final class RecordingStore extends ForwardingEventStore {
  final AtomicInteger appends = new AtomicInteger();
  final AtomicBoolean failNext = new AtomicBoolean();
  volatile long appendDelayMs;
  /** The sequence of every snapshot saved, in order. */
  final List<Long> snapshots = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<Integer> snapshotSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

  RecordingStore() {
    super(new InMemoryEventStore());
  }

  @Override
  public long append(
      Scope scope,
      List<EventEnvelope> events,
      List<SideWrite> sideWrites,
      io.arco.flow.fold.HistoryRows finished) {
    if (failNext.getAndSet(false)) {
      throw new StoreException("disk full (injected)");
    }
    if (appendDelayMs > 0) {
      try {
        Thread.sleep(appendDelayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    appends.incrementAndGet();
    return super.append(scope, events, sideWrites, finished);
  }

  @Override
  public void saveSnapshot(Scope scope, StoredSnapshot snapshot) {
    snapshots.add(snapshot.sequence());
    snapshotSizes.add(snapshot.bytes().length);
    super.saveSnapshot(scope, snapshot);
  }
}
