package io.arco.flow.store;

import io.arco.flow.error.StoreException;
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
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The storage SPI: one durable log of events per workspace, plus snapshots and the rows kept beside
 * it. Implementations: {@link InMemoryEventStore} (tests), {@link SqliteEventStore} (embedded
 * default) and {@link PostgresEventStore} (a shared database). All methods are thread-safe; the
 * engine is the single writer of each workspace.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Appends a batch of events and its side writes in one transaction and returns the sequence
   * number of the last event (the head after the append). Sequence numbers are gap-free per scope
   * and start at 1; an empty event list still commits the side writes. The call returns only once
   * the batch is durable.
   *
   * @throws DuplicateKeyException if an event's idempotency key or a request record's key is
   *     already stored, or repeats within the batch; nothing is written
   * @throws IllegalArgumentException if an event's tenant or workspace is not {@code scope};
   *     nothing is written
   * @throws StoreException on any storage failure, including an event id already stored in the
   *     scope; nothing is written
   */
  default long append(Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites) {
    return append(scope, events, sideWrites, HistoryRows.EMPTY);
  }

  /**
   * Appends a batch as {@link #append(Scope, List, List)} does and, in the same transaction, writes
   * the history rows of what its events moved out of memory (decisions §3): finished runs with
   * their run_key entries, settled ticks, replaced sensor evaluations. A crash leaves a run either live (batch absent) or in history (batch present), never
   * both or neither.
   *
   * @throws StoreException also when a row's id (or a run key) is already in history
   */
  long append(
      Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites, HistoryRows history);

  // ---- history (decisions §3): indexed rows of what left memory ----------------------------

  /** A finished run by id. */
  Optional<FinishedRun> finishedRun(Scope scope, String runId);

  /** The run_key entry of a finished run, if its run ended at a sequence number below {@code before}. */
  Optional<RunKeyRow> finishedRunKey(Scope scope, String runKey, long before);

  /**
   * The first stored event with this idempotency key at a sequence number below {@code before},
   * as an idempotency record without owner (the log's unique key index answers).
   */
  Optional<IdempotencyRecord> storedKey(Scope scope, String idempotencyKey, long before);

  /** A page of finished runs' rows in run-list order (see {@link RunHistoryQuery}). */
  List<RunHistoryRow> finishedRuns(Scope scope, RunHistoryQuery query);

  /** Finished runs in the order they ended (by {@code endedAt}, then run id), after {@code afterEndedAt}. */
  List<FinishedRun> finishedRunsByEnd(Scope scope, long afterEndedAt, int limit);

  /**
   * Replaces the scope's history with nothing (rebuild); the log, manifests, logs and request
   * records stay. Also drops the scope's snapshots, which describe the state the old history
   * belonged to.
   */
  void clearHistory(Scope scope);

  /** The greatest {@code endedAt} of the scope's history rows, 0 when it has none. */
  long historyHead(Scope scope);

  /** Writes history rows without events (rebuild from the log). */
  void putHistory(Scope scope, HistoryRows history);

  /** A settled tick by id. */
  Optional<FinishedTick> finishedTick(Scope scope, String tickId);

  /** A page of a schedule's settled ticks (see {@link TickHistoryQuery}). */
  List<FinishedTick> finishedTicks(Scope scope, TickHistoryQuery query);

  /** An evaluation in history, by id. */
  Optional<FinishedEval> finishedEval(Scope scope, String evalId);

  /** The evaluation in history that answered a poll lease ("sensor NUL version NUL epoch"). */
  Optional<FinishedEval> finishedEvalOfLease(Scope scope, String leaseKey);

  /** A page of a sensor's evaluations in history (see {@link EvalHistoryQuery}). */
  List<FinishedEval> finishedEvals(Scope scope, EvalHistoryQuery query);

  /**
   * Events with a sequence number greater than {@code afterSequence}, ascending, at most {@code
   * limit}.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  List<StoredEvent> read(Scope scope, long afterSequence, int limit);

  /** The sequence number of the newest event of the scope, 0 when it has none. */
  long head(Scope scope);

  /** The newest event id of any scope, used to keep minted ids above every stored one. */
  Optional<String> newestEventId();

  /** Every scope that has events, manifests or snapshots, in order. */
  List<Scope> scopes();

  /** Stores a snapshot taken after folding every event up to {@code sequence}. */
  void saveSnapshot(Scope scope, StoredSnapshot snapshot);

  /** The snapshot with the greatest sequence number, if any. */
  Optional<StoredSnapshot> latestSnapshot(Scope scope);

  /** A manifest by id. */
  Optional<ManifestRecord> manifest(Scope scope, String manifestId);

  /** Every manifest of the scope, newest deploy first (ties: greater id first). */
  List<ManifestRecord> manifests(Scope scope);

  /** The workspace's latest manifest (the last one put), if any. */
  Optional<ManifestRecord> latestManifest(Scope scope);

  /** A request-idempotency record by kind and key. */
  Optional<RequestRecord> requestRecord(Scope scope, String kind, String key);

  /** Stores a run log if its path is new. Returns false, writing nothing, when the path exists. */
  boolean putLog(Scope scope, LogRecord log);

  /**
   * Logs whose path starts with {@code prefix} and sorts strictly after {@code afterPath} (when
   * given), in path order, at most {@code limit}. Paths compare by Unicode code point (the byte
   * order of their UTF-8).
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  List<LogRecord> logs(Scope scope, String prefix, Optional<String> afterPath, int limit);

  /**
   * A metadata value (global, not per scope); when absent, stores and returns the supplied one.
   * Used for secrets that must survive restarts (task-token key, run-id HMAC key).
   */
  byte[] metadata(String key, Supplier<byte[]> ifAbsent);

  @Override
  void close();
}
