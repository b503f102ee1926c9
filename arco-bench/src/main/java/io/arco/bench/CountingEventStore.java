package io.arco.bench;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.LogRecord;
import io.arco.flow.store.ManifestRecord;
import io.arco.flow.store.RequestRecord;
import io.arco.flow.store.SideWrite;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.StoredSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An {@link EventStore} that forwards every call and counts appends (one per group commit of the
 * single writer), the events they carried, and snapshots with their size, so a benchmark
 * can show how many events each commit batched and what snapshots cost.
 */
final class CountingEventStore implements EventStore {
  private final EventStore delegate;
  private final AtomicLong appends = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong snapshots = new AtomicLong();
  private final AtomicLong snapshotBytes = new AtomicLong();

  CountingEventStore(EventStore delegate) {
    this.delegate = delegate;
  }

  void reset() {
    appends.set(0);
    events.set(0);
    snapshots.set(0);
    snapshotBytes.set(0);
  }

  long appends() {
    return appends.get();
  }

  long events() {
    return events.get();
  }

  long snapshots() {
    return snapshots.get();
  }

  /** Bytes of the last snapshot saved. */
  long lastSnapshotBytes() {
    return snapshotBytes.get();
  }

  @Override
  public long append(Scope scope, List<EventEnvelope> batch, List<SideWrite> sideWrites) {
    long head = delegate.append(scope, batch, sideWrites);
    appends.incrementAndGet();
    events.addAndGet(batch.size());
    return head;
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
    delegate.saveSnapshot(scope, snapshot);
    snapshots.incrementAndGet();
    snapshotBytes.set(snapshot.bytes().length);
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
