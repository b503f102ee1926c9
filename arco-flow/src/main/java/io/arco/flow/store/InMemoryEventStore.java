package io.arco.flow.store;

import io.arco.flow.error.StoreException;
import io.arco.flow.model.Utf8Order;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.EvalHistoryQuery;
import io.arco.flow.fold.FinishedEval;
import io.arco.flow.fold.FinishedRun;
import io.arco.flow.fold.FinishedTick;
import io.arco.flow.fold.HistoryRows;
import io.arco.flow.fold.TickHistoryQuery;
import io.arco.flow.fold.RunHistoryQuery;
import io.arco.flow.fold.RunHistoryRow;
import io.arco.flow.fold.IdempotencyRecord;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.fold.RunRow;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.store.codec.HistoryCodec;
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
    /** idempotency key → sequence number of its event. */
    final Map<String, Long> idempotencyKeys = new HashMap<>();
    /** History: finished runs by id (encoded, as a durable store keeps them). */
    final Map<String, byte[]> finished = new HashMap<>();
    /** History: run-list order over every finished run, and per terminal state. */
    final TreeMap<RunOrder, RunHistoryRow> finishedOrder = new TreeMap<>();
    final Map<PublicRunState, TreeMap<RunOrder, RunHistoryRow>> finishedByState = new HashMap<>();
    /** History: finished runs in the order they ended. */
    final TreeMap<RunEnd, String> finishedByEnd = new TreeMap<>();
    /** History: run keys of finished runs, with the sequence their run ended at. */
    final Map<String, KeyEntry> finishedKeys = new HashMap<>();
    /** History: settled ticks by id (encoded) and per schedule, newest first. */
    final Map<String, byte[]> ticks = new HashMap<>();
    final Map<String, TreeMap<TickOrder, String>> ticksBySchedule = new HashMap<>();
    /** History: replaced evaluations by id (encoded), per sensor newest first, and by poll lease. */
    final Map<String, byte[]> evals = new HashMap<>();
    final Map<String, TreeMap<EvalOrder, String>> evalsBySensor = new HashMap<>();
    final Map<String, String> evalByLease = new HashMap<>();
    long historyHead;
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

  /** Run-list order: triggered time descending, then run id ascending. */
  private record RunOrder(java.time.Instant triggeredAt, String runId) implements Comparable<RunOrder> {
    @Override
    public int compareTo(RunOrder o) {
      int c = o.triggeredAt.compareTo(triggeredAt);
      return c != 0 ? c : Utf8Order.compare(runId, o.runId);
    }
  }

  private record RunEnd(long endedAt, String runId) implements Comparable<RunEnd> {
    @Override
    public int compareTo(RunEnd o) {
      int c = Long.compare(endedAt, o.endedAt);
      return c != 0 ? c : Utf8Order.compare(runId, o.runId);
    }
  }

  private record KeyEntry(long endedAt, byte[] row) {}

  /** Tick history order: scheduled time descending, then tick id descending. */
  private record TickOrder(java.time.Instant scheduledFor, String tickId) implements Comparable<TickOrder> {
    @Override
    public int compareTo(TickOrder o) {
      int c = o.scheduledFor.compareTo(scheduledFor);
      return c != 0 ? c : Utf8Order.compare(o.tickId, tickId);
    }
  }

  /** Evaluation history order: evaluated time descending, then evaluation id ascending. */
  private record EvalOrder(java.time.Instant evaluatedAt, String evalId) implements Comparable<EvalOrder> {
    @Override
    public int compareTo(EvalOrder o) {
      int c = o.evaluatedAt.compareTo(evaluatedAt);
      return c != 0 ? c : Utf8Order.compare(evalId, o.evalId);
    }
  }

  public InMemoryEventStore() {}

  /** Runs {@code body} under the read lock, on an open store. */
  private <T> T reading(Supplier<T> body) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long append(
      Scope scope,
      List<EventEnvelope> events,
      List<SideWrite> sideWrites,
      HistoryRows history) {
    Batch.check(scope, events, sideWrites);
    Batch.checkHistory(scope, history);
    List<FinishedRun> finished = history.runs();
    List<byte[]> encoded = finished.stream().map(HistoryCodec::encode).toList();
    lock.writeLock().lock();
    try {
      ensureOpen();
      ScopeData d = scopes.getOrDefault(scope, new ScopeData());
      checkHistoryIsNew(scope, d, history);
      for (EventEnvelope e : events) {
        if (d.idempotencyKeys.containsKey(e.idempotencyKey())) {
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
        d.idempotencyKeys.put(e.idempotencyKey(), (long) d.events.size());
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
      putHistory(d, history, encoded);
      return d.events.size();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<StoredEvent> read(Scope scope, long afterSequence, int limit) {
    Batch.checkLimit(limit);
    return reading(
        () -> {
          ScopeData d = scopes.get(scope);
          if (d == null || afterSequence >= d.events.size()) {
            return List.of();
          }
          int from = (int) Math.max(0, afterSequence);
          int to = (int) Math.min(d.events.size(), (long) from + limit);
          return List.copyOf(d.events.subList(from, to));
        });
  }

  @Override
  public long head(Scope scope) {
    return reading(
        () -> {
          ScopeData d = scopes.get(scope);
          return d == null ? 0 : d.events.size();
        });
  }

  @Override
  public Optional<String> newestEventId() {
    return reading(
        () ->
            newestEventId);
  }

  @Override
  public List<Scope> scopes() {
    return reading(
        () ->
            scopes.entrySet().stream()
                .filter(e -> e.getValue().listed())
                .map(Map.Entry::getKey)
                .toList());
  }

  private static void checkHistoryIsNew(Scope scope, ScopeData d, HistoryRows history) {
    for (FinishedTick t : history.ticks()) {
      if (d.ticks.containsKey(t.tickId())) {
        throw new StoreException("tick already in history in " + scope + ": " + t.tickId());
      }
    }
    for (FinishedEval e : history.evals()) {
      if (d.evals.containsKey(e.evalId())) {
        throw new StoreException("evaluation already in history in " + scope + ": " + e.evalId());
      }
    }
    for (FinishedRun r : history.runs()) {
      if (d.finished.containsKey(r.runId())) {
        throw new StoreException("finished run already in history in " + scope + ": " + r.runId());
      }
      if (r.runKey().isPresent() && d.finishedKeys.containsKey(r.runKey().get().runKey())) {
        throw new StoreException(
            "run key already in history in " + scope + ": " + r.runKey().get().runKey());
      }
    }
  }

  private static void putHistory(ScopeData d, HistoryRows history, List<byte[]> encoded) {
    d.historyHead = Math.max(d.historyHead, history.lastEndedAt());
    for (FinishedTick t : history.ticks()) {
      d.ticks.put(t.tickId(), HistoryCodec.encode(t));
      d.ticksBySchedule
          .computeIfAbsent(t.tick().scheduleId(), k -> new TreeMap<>())
          .put(new TickOrder(t.tick().scheduledFor(), t.tickId()), t.tickId());
    }
    for (FinishedEval e : history.evals()) {
      d.evals.put(e.evalId(), HistoryCodec.encode(e));
      d.evalsBySensor
          .computeIfAbsent(e.eval().sensorId(), k -> new TreeMap<>())
          .put(new EvalOrder(e.eval().evaluatedAt(), e.evalId()), e.evalId());
      e.leaseKey().ifPresent(k -> d.evalByLease.putIfAbsent(k, e.evalId()));
    }
    List<FinishedRun> finished = history.runs();
    for (int i = 0; i < finished.size(); i++) {
      FinishedRun r = finished.get(i);
      RunHistoryRow row = new RunHistoryRow(r.run(), r.publicState());
      d.finished.put(r.runId(), encoded.get(i));
      RunOrder order = new RunOrder(r.run().triggeredAt(), r.runId());
      d.finishedOrder.put(order, row);
      d.finishedByState.computeIfAbsent(r.publicState(), k -> new TreeMap<>()).put(order, row);
      d.finishedByEnd.put(new RunEnd(r.endedAt(), r.runId()), r.runId());
      r.runKey()
          .ifPresent(
              k -> d.finishedKeys.put(k.runKey(), new KeyEntry(r.endedAt(), HistoryCodec.encode(k))));
    }
  }

  @Override
  public Optional<FinishedRun> finishedRun(Scope scope, String runId) {
    return reading(
        () ->
            data(scope).map(d -> d.finished.get(runId)).map(HistoryCodec::decodeRun));
  }

  @Override
  public Optional<RunKeyRow> finishedRunKey(Scope scope, String runKey, long before) {
    return reading(
        () ->
            data(scope)
                .map(d -> d.finishedKeys.get(runKey))
                .filter(k -> k.endedAt() < before)
                .map(k -> HistoryCodec.decodeRunKey(k.row())));
  }

  @Override
  public Optional<IdempotencyRecord> storedKey(Scope scope, String idempotencyKey, long before) {
    return reading(
        () ->
            data(scope)
                .flatMap(
                    d ->
                        Optional.ofNullable(d.idempotencyKeys.get(idempotencyKey))
                            .filter(seq -> seq < before)
                            .map(seq -> d.events.get((int) (seq - 1)).envelope()))
                .map(
                    e ->
                        new IdempotencyRecord(
                            e.idempotencyKey(), e.eventId(), e.eventType(), e.timestamp())));
  }

  @Override
  public List<RunHistoryRow> finishedRuns(Scope scope, RunHistoryQuery q) {
    return reading(
        () -> {
          Optional<ScopeData> d = data(scope);
          if (d.isEmpty() || q.limit() == 0) {
            return List.of();
          }
          java.util.NavigableMap<RunOrder, RunHistoryRow> index =
              q.state().isPresent()
                  ? d.get().finishedByState.getOrDefault(q.state().get(), new TreeMap<>())
                  : d.get().finishedOrder;
          if (q.afterTriggeredAt().isPresent()) {
            index =
                index.tailMap(
                    new RunOrder(q.afterTriggeredAt().get(), q.afterRunId().orElse("")),
                    false);
          }
          return index.values().stream().skip(q.skip()).limit(q.limit()).toList();
        });
  }

  @Override
  public List<FinishedRun> finishedRunsByEnd(Scope scope, long afterEndedAt, int limit) {
    Batch.checkLimit(limit);
    return reading(
        () -> {
          Optional<ScopeData> d = data(scope);
          if (d.isEmpty()) {
            return List.of();
          }
          return d.get().finishedByEnd.tailMap(new RunEnd(afterEndedAt + 1, ""), true).values().stream()
              .limit(limit)
              .map(id -> HistoryCodec.decodeRun(d.get().finished.get(id)))
              .toList();
        });
  }

  @Override
  public void clearHistory(Scope scope) {
    lock.writeLock().lock();
    try {
      ensureOpen();
      data(scope)
          .ifPresent(
              d -> {
                d.finished.clear();
                d.finishedOrder.clear();
                d.finishedByState.clear();
                d.finishedByEnd.clear();
                d.finishedKeys.clear();
                d.ticks.clear();
                d.ticksBySchedule.clear();
                d.evals.clear();
                d.evalsBySensor.clear();
                d.evalByLease.clear();
                d.historyHead = 0;
                d.snapshot = Optional.empty();
              });
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long historyHead(Scope scope) {
    return reading(
        () ->
            data(scope).map(d -> d.historyHead).orElse(0L));
  }

  @Override
  public void putHistory(Scope scope, HistoryRows history) {
    Batch.checkHistory(scope, history);
    List<byte[]> encoded = history.runs().stream().map(HistoryCodec::encode).toList();
    lock.writeLock().lock();
    try {
      ensureOpen();
      ScopeData d = scopes.computeIfAbsent(scope, s -> new ScopeData());
      checkHistoryIsNew(scope, d, history);
      putHistory(d, history, encoded);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<FinishedTick> finishedTick(Scope scope, String tickId) {
    return reading(
        () ->
            data(scope).map(d -> d.ticks.get(tickId)).map(HistoryCodec::decodeTick));
  }

  @Override
  public List<FinishedTick> finishedTicks(Scope scope, TickHistoryQuery q) {
    return reading(
        () -> {
          Optional<ScopeData> d = data(scope);
          if (d.isEmpty() || q.limit() <= 0) {
            return List.of();
          }
          java.util.NavigableMap<TickOrder, String> index =
              d.get().ticksBySchedule.getOrDefault(q.scheduleId(), new TreeMap<>());
          if (q.afterScheduledFor().isPresent()) {
            index = index.tailMap(new TickOrder(q.afterScheduledFor().get(), q.afterTickId().orElse("")), false);
          }
          List<FinishedTick> out = new ArrayList<>();
          for (String id : index.values()) {
            FinishedTick t = HistoryCodec.decodeTick(d.get().ticks.get(id));
            if (q.status().isPresent() && !q.status().get().equals(t.status())) {
              continue;
            }
            out.add(t);
            if (out.size() == q.limit()) {
              break;
            }
          }
          return List.copyOf(out);
        });
  }

  @Override
  public Optional<FinishedEval> finishedEval(Scope scope, String evalId) {
    return reading(
        () ->
            data(scope).map(d -> d.evals.get(evalId)).map(HistoryCodec::decodeEval));
  }

  @Override
  public Optional<FinishedEval> finishedEvalOfLease(Scope scope, String leaseKey) {
    return reading(
        () ->
            data(scope)
                .map(d -> Optional.ofNullable(d.evalByLease.get(leaseKey)).map(d.evals::get).orElse(null))
                .map(HistoryCodec::decodeEval));
  }

  @Override
  public List<FinishedEval> finishedEvals(Scope scope, EvalHistoryQuery q) {
    return reading(
        () -> {
          Optional<ScopeData> d = data(scope);
          if (d.isEmpty() || q.limit() <= 0) {
            return List.of();
          }
          java.util.NavigableMap<EvalOrder, String> index =
              d.get().evalsBySensor.getOrDefault(q.sensorId(), new TreeMap<>());
          if (q.afterEvaluatedAt().isPresent()) {
            index = index.tailMap(new EvalOrder(q.afterEvaluatedAt().get(), q.afterEvalId().orElse("")), false);
          }
          List<FinishedEval> out = new ArrayList<>();
          for (var entry : index.entrySet()) {
            java.time.Instant at = entry.getKey().evaluatedAt();
            if (q.until().map(at::isAfter).orElse(false)) {
              continue;
            }
            if (q.since().map(at::isBefore).orElse(false)) {
              break;
            }
            FinishedEval e = HistoryCodec.decodeEval(d.get().evals.get(entry.getValue()));
            if (q.status().isPresent() && !q.status().get().equals(e.eval().status().filterName())) {
              continue;
            }
            out.add(e);
            if (out.size() == q.limit()) {
              break;
            }
          }
          return List.copyOf(out);
        });
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
    return reading(
        () ->
            data(scope)
                .flatMap(d -> d.snapshot)
                .map(s -> new StoredSnapshot(s.sequence(), s.bytes().clone())));
  }

  @Override
  public Optional<ManifestRecord> manifest(Scope scope, String manifestId) {
    return reading(
        () ->
            data(scope).map(d -> d.manifests.get(manifestId)).map(InMemoryEventStore::copy));
  }

  @Override
  public List<ManifestRecord> manifests(Scope scope) {
    return reading(
        () ->
            data(scope).stream()
                .flatMap(d -> d.manifests.values().stream())
                .sorted(NEWEST_DEPLOY_FIRST)
                .map(InMemoryEventStore::copy)
                .toList());
  }

  @Override
  public Optional<ManifestRecord> latestManifest(Scope scope) {
    return reading(
        () ->
            data(scope)
                .flatMap(d -> d.latestManifestId.map(d.manifests::get))
                .map(InMemoryEventStore::copy));
  }

  @Override
  public Optional<RequestRecord> requestRecord(Scope scope, String kind, String key) {
    return reading(
        () ->
            data(scope)
                .map(d -> d.requests.get(new Batch.RequestKey(kind, key)))
                .map(InMemoryEventStore::copy));
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
    return reading(
        () -> {
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
        });
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
