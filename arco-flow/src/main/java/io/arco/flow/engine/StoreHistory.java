package io.arco.flow.engine;

import io.arco.flow.fold.FinishedEval;
import io.arco.flow.fold.FinishedRun;
import io.arco.flow.fold.FinishedTick;
import io.arco.flow.fold.History;
import io.arco.flow.fold.IdempotencyRecord;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import java.util.Optional;

/**
 * One workspace's history as the fold sees it: indexed lookups in the store's history tables, runs
 * that left memory lately answered from {@code recent}.
 */
record StoreHistory(EventStore store, Scope scope, RecentRuns recent) implements History {
  StoreHistory(EventStore store, Scope scope) {
    this(store, scope, new RecentRuns());
  }

  @Override
  public Optional<FinishedRun> run(String runId) {
    return recent.get(runId).or(() -> store.finishedRun(scope, runId));
  }

  @Override
  public Optional<RunKeyRow> runKey(String runKey, long before) {
    return store.finishedRunKey(scope, runKey, before);
  }

  @Override
  public Optional<IdempotencyRecord> idempotencyRecord(String key, long before) {
    return store.storedKey(scope, key, before);
  }

  @Override
  public Optional<FinishedTick> tick(String tickId) {
    return store.finishedTick(scope, tickId);
  }

  @Override
  public Optional<FinishedEval> evaluation(String evalId) {
    return store.finishedEval(scope, evalId);
  }

  @Override
  public Optional<FinishedEval> evaluationOfLease(String leaseKey) {
    return store.finishedEvalOfLease(scope, leaseKey);
  }
}
