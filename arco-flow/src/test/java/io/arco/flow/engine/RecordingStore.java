package io.arco.flow.engine;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.LogRecord;
import io.arco.flow.store.ManifestRecord;
import io.arco.flow.store.RequestRecord;
import io.arco.flow.store.SideWrite;
import io.arco.flow.store.StoreException;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.StoredSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** An in-memory store that counts appends, can fail the next one, and can slow appends down. */
final class RecordingStore implements EventStore {
  final InMemoryEventStore delegate = new InMemoryEventStore();
  final AtomicInteger appends = new AtomicInteger();
  final AtomicBoolean failNext = new AtomicBoolean();
  volatile long appendDelayMs;
  /** The sequence of every snapshot saved, in order. */
  final List<Long> snapshots = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public long append(Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites) {
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
    return delegate.append(scope, events, sideWrites);
  }

  @Override
  public List<StoredEvent> read(Scope scope, long afterSequence, int limit) {
    return delegate.read(scope, afterSequence, limit);
  }

  @Override
  public long head(Scope scope) {
    return delegate.head(scope);
  }

  @Override
  public Optional<String> newestEventId() {
    return delegate.newestEventId();
  }

  @Override
  public List<Scope> scopes() {
    return delegate.scopes();
  }

  @Override
  public void saveSnapshot(Scope scope, StoredSnapshot snapshot) {
    snapshots.add(snapshot.sequence());
    delegate.saveSnapshot(scope, snapshot);
  }

  @Override
  public Optional<StoredSnapshot> latestSnapshot(Scope scope) {
    return delegate.latestSnapshot(scope);
  }

  @Override
  public Optional<ManifestRecord> manifest(Scope scope, String manifestId) {
    return delegate.manifest(scope, manifestId);
  }

  @Override
  public List<ManifestRecord> manifests(Scope scope) {
    return delegate.manifests(scope);
  }

  @Override
  public Optional<ManifestRecord> latestManifest(Scope scope) {
    return delegate.latestManifest(scope);
  }

  @Override
  public Optional<RequestRecord> requestRecord(Scope scope, String kind, String key) {
    return delegate.requestRecord(scope, kind, key);
  }

  @Override
  public boolean putLog(Scope scope, LogRecord log) {
    return delegate.putLog(scope, log);
  }

  @Override
  public List<LogRecord> logs(Scope scope, String prefix, Optional<String> afterPath, int limit) {
    return delegate.logs(scope, prefix, afterPath, limit);
  }

  @Override
  public byte[] metadata(String key, Supplier<byte[]> ifAbsent) {
    return delegate.metadata(key, ifAbsent);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
