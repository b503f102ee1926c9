package io.arco.flow.store;

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
import io.arco.flow.model.Scope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An {@link EventStore} that forwards every call to another: the base of decorators that observe or
 * disturb a store (counting commits, injecting failures) and override only the calls they care
 * about.
 */
public abstract class ForwardingEventStore implements EventStore {
  private final EventStore delegate;

  protected ForwardingEventStore(EventStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The store every call is forwarded to. */
  protected final EventStore delegate() {
    return delegate;
  }

  /**
   * Final, so a decorator that observes or disturbs appends overrides the one the engine calls
   * ({@link #append(Scope, List, List, HistoryRows)}).
   */
  @Override
  public final long append(Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites) {
    return append(scope, events, sideWrites, HistoryRows.EMPTY);
  }

  @Override
  public long append(
      Scope scope,
      List<EventEnvelope> events,
      List<SideWrite> sideWrites,
      HistoryRows history) {
    return delegate.append(scope, events, sideWrites, history);
  }

  @Override
  public Optional<FinishedTick> finishedTick(Scope scope, String tickId) {
    return delegate.finishedTick(scope, tickId);
  }

  @Override
  public List<FinishedTick> finishedTicks(Scope scope, TickHistoryQuery query) {
    return delegate.finishedTicks(scope, query);
  }

  @Override
  public Optional<FinishedEval> finishedEval(Scope scope, String evalId) {
    return delegate.finishedEval(scope, evalId);
  }

  @Override
  public Optional<FinishedEval> finishedEvalOfLease(Scope scope, String leaseKey) {
    return delegate.finishedEvalOfLease(scope, leaseKey);
  }

  @Override
  public List<FinishedEval> finishedEvals(Scope scope, EvalHistoryQuery query) {
    return delegate.finishedEvals(scope, query);
  }

  @Override
  public Optional<FinishedRun> finishedRun(Scope scope, String runId) {
    return delegate.finishedRun(scope, runId);
  }

  @Override
  public Optional<RunKeyRow> finishedRunKey(Scope scope, String runKey, long before) {
    return delegate.finishedRunKey(scope, runKey, before);
  }

  @Override
  public Optional<IdempotencyRecord> storedKey(Scope scope, String idempotencyKey, long before) {
    return delegate.storedKey(scope, idempotencyKey, before);
  }

  @Override
  public List<RunHistoryRow> finishedRuns(Scope scope, RunHistoryQuery query) {
    return delegate.finishedRuns(scope, query);
  }

  @Override
  public List<FinishedRun> finishedRunsByEnd(Scope scope, long afterEndedAt, int limit) {
    return delegate.finishedRunsByEnd(scope, afterEndedAt, limit);
  }

  @Override
  public void clearHistory(Scope scope) {
    delegate.clearHistory(scope);
  }

  @Override
  public long historyHead(Scope scope) {
    return delegate.historyHead(scope);
  }

  @Override
  public void putHistory(Scope scope, HistoryRows history) {
    delegate.putHistory(scope, history);
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
