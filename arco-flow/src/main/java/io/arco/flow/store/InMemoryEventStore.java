package io.arco.flow.store;

import io.arco.flow.plan.Utf8Order;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * An {@link EventStore} in memory, for tests: the same contract as {@link SqliteEventStore}
 * (checked by the same contract test) without durability. Envelopes are immutable and kept as
 * objects; byte arrays are copied in and out. One read-write lock makes every call atomic; a batch
 * is validated in full before anything changes, so a refused batch leaves no trace. Only the latest
 * snapshot of a scope is kept.
 */
public final class InMemoryEventStore implements EventStore {
  private static final Comparator<ManifestRecord> NEWEST_DEPLOY_FIRST =
      Comparator.comparing(ManifestRecord::deployedAt)
          .thenComparing(ManifestRecord::manifestId, Utf8Order.COMPARATOR)
          .reversed();

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeMap<Scope, ScopeData> scopes = new TreeMap<>();
  private final Map<String, byte[]> metadata = new HashMap<>();
  private Optional<String> newestEventId = Optional.empty();
  private boolean closed;

  /** Everything stored for one scope. */
  private static final class ScopeData {
    final List<StoredEvent> events = new ArrayList<>();
    final Set<String> idempotencyKeys = new HashSet<>();
    final Set<String> eventIds = new HashSet<>();
    Optional<StoredSnapshot> snapshot = Optional.empty();
    final Map<String, ManifestRecord> manifests = new HashMap<>();
    Optional<String> latestManifestId = Optional.empty();
    final Map<Batch.RequestKey, RequestRecord> requests = new HashMap<>();
    final TreeMap<String, LogRecord> logs = new TreeMap<>(Utf8Order.COMPARATOR);

    boolean listed() {
      return !events.isEmpty() || !manifests.isEmpty() || snapshot.isPresent();
    }
  }

  public InMemoryEventStore() {}

  @Override
  public long append(Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites) {
    Batch.check(scope, events, sideWrites);
    lock.writeLock().lock();
    try {
      ensureOpen();
      ScopeData d = scopes.getOrDefault(scope, new ScopeData());
      for (EventEnvelope e : events) {
        if (d.idempotencyKeys.contains(e.idempotencyKey())) {
          throw new DuplicateKeyException(Batch.duplicateKey(scope, e.idempotencyKey()));
        }
        if (d.eventIds.contains(e.eventId())) {
          throw new StoreException("event id already stored in " + scope + ": " + e.eventId());
        }
      }
      for (SideWrite w : sideWrites) {
        if (w instanceof SideWrite.PutRequestRecord r
            && d.requests.containsKey(new Batch.RequestKey(r.record().kind(), r.record().key()))) {
          throw new DuplicateKeyException(Batch.duplicateRequest(scope, r.record()));
        }
      }
      // Validated: from here on nothing can fail.
      scopes.putIfAbsent(scope, d);
      for (EventEnvelope e : events) {
        d.events.add(new StoredEvent(d.events.size() + 1L, e));
        d.idempotencyKeys.add(e.idempotencyKey());
        d.eventIds.add(e.eventId());
        if (newestEventId.isEmpty() || Utf8Order.compare(e.eventId(), newestEventId.get()) > 0) {
          newestEventId = Optional.of(e.eventId());
        }
      }
      for (SideWrite w : sideWrites) {
        switch (w) {
          case SideWrite.PutManifest m -> {
            ManifestRecord copy = copy(m.manifest());
            d.manifests.put(copy.manifestId(), copy);
            d.latestManifestId = Optional.of(copy.manifestId());
          }
          case SideWrite.PutRequestRecord r -> {
            RequestRecord copy = copy(r.record());
            d.requests.put(new Batch.RequestKey(copy.kind(), copy.key()), copy);
          }
        }
      }
      return d.events.size();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<StoredEvent> read(Scope scope, long afterSequence, int limit) {
    Batch.checkLimit(limit);
    lock.readLock().lock();
    try {
      ensureOpen();
      ScopeData d = scopes.get(scope);
      if (d == null || afterSequence >= d.events.size()) {
        return List.of();
      }
      int from = (int) Math.max(0, afterSequence);
      int to = (int) Math.min(d.events.size(), (long) from + limit);
      return List.copyOf(d.events.subList(from, to));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long head(Scope scope) {
    lock.readLock().lock();
    try {
      ensureOpen();
      ScopeData d = scopes.get(scope);
      return d == null ? 0 : d.events.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<String> newestEventId() {
    lock.readLock().lock();
    try {
      ensureOpen();
      return newestEventId;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Scope> scopes() {
    lock.readLock().lock();
    try {
      ensureOpen();
      return scopes.entrySet().stream()
          .filter(e -> e.getValue().listed())
          .map(Map.Entry::getKey)
          .toList();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void saveSnapshot(Scope scope, StoredSnapshot snapshot) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(snapshot, "snapshot");
    StoredSnapshot copy = new StoredSnapshot(snapshot.sequence(), snapshot.bytes().clone());
    lock.writeLock().lock();
    try {
      ensureOpen();
      ScopeData d = scopes.computeIfAbsent(scope, s -> new ScopeData());
      if (d.snapshot.isEmpty() || d.snapshot.get().sequence() <= copy.sequence()) {
        d.snapshot = Optional.of(copy);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<StoredSnapshot> latestSnapshot(Scope scope) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return data(scope)
          .flatMap(d -> d.snapshot)
          .map(s -> new StoredSnapshot(s.sequence(), s.bytes().clone()));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<ManifestRecord> manifest(Scope scope, String manifestId) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return data(scope).map(d -> d.manifests.get(manifestId)).map(InMemoryEventStore::copy);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<ManifestRecord> manifests(Scope scope) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return data(scope).stream()
          .flatMap(d -> d.manifests.values().stream())
          .sorted(NEWEST_DEPLOY_FIRST)
          .map(InMemoryEventStore::copy)
          .toList();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<ManifestRecord> latestManifest(Scope scope) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return data(scope)
          .flatMap(d -> d.latestManifestId.map(d.manifests::get))
          .map(InMemoryEventStore::copy);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<RequestRecord> requestRecord(Scope scope, String kind, String key) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return data(scope)
          .map(d -> d.requests.get(new Batch.RequestKey(kind, key)))
          .map(InMemoryEventStore::copy);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public boolean putLog(Scope scope, LogRecord log) {
    Objects.requireNonNull(scope, "scope");
    LogRecord copy = copy(Objects.requireNonNull(log, "log"));
    lock.writeLock().lock();
    try {
      ensureOpen();
      ScopeData d = scopes.computeIfAbsent(scope, s -> new ScopeData());
      return d.logs.putIfAbsent(copy.path(), copy) == null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<LogRecord> logs(Scope scope, String prefix, Optional<String> afterPath, int limit) {
    Objects.requireNonNull(prefix, "prefix");
    Batch.checkLimit(limit);
    lock.readLock().lock();
    try {
      ensureOpen();
      Optional<ScopeData> d = data(scope);
      if (d.isEmpty() || limit == 0) {
        return List.of();
      }
      var tail =
          afterPath.isPresent() && Utf8Order.compare(afterPath.get(), prefix) >= 0
              ? d.get().logs.tailMap(afterPath.get(), false)
              : d.get().logs.tailMap(prefix, true);
      List<LogRecord> out = new ArrayList<>();
      for (LogRecord r : tail.values()) {
        if (!r.path().startsWith(prefix) || out.size() == limit) {
          break;
        }
        out.add(copy(r));
      }
      return List.copyOf(out);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public byte[] metadata(String key, Supplier<byte[]> ifAbsent) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ifAbsent, "ifAbsent");
    lock.writeLock().lock();
    try {
      ensureOpen();
      byte[] value = metadata.get(key);
      if (value == null) {
        value = Objects.requireNonNull(ifAbsent.get(), "metadata value").clone();
        metadata.put(key, value);
      }
      return value.clone();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private Optional<ScopeData> data(Scope scope) {
    return Optional.ofNullable(scopes.get(Objects.requireNonNull(scope, "scope")));
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("the event store is closed");
    }
  }

  private static ManifestRecord copy(ManifestRecord m) {
    return new ManifestRecord(m.manifestId(), m.deployedAt(), m.document().clone());
  }

  private static RequestRecord copy(RequestRecord r) {
    return new RequestRecord(r.kind(), r.key(), r.fingerprint(), r.response().clone());
  }

  private static LogRecord copy(LogRecord l) {
    return new LogRecord(l.path(), l.content().clone());
  }
}
