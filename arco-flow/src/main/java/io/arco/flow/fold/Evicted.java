package io.arco.flow.fold;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What left memory since the engine last drained it: the batch's history rows, in the order they
 * left, plus lookups by run key, idempotency key and poll lease, so commands later in the same
 * batch still find them before they are committed.
 */
final class Evicted {
  final LinkedHashMap<String, FinishedRun> runs = new LinkedHashMap<>();
  final LinkedHashMap<String, FinishedTick> ticks = new LinkedHashMap<>();
  final LinkedHashMap<String, FinishedEval> evals = new LinkedHashMap<>();
  final Map<String, RunKeyRow> runKeys = new HashMap<>();
  final Map<String, IdempotencyRecord> keys = new HashMap<>();
  final Map<String, String> evalByLease = new HashMap<>();

  void add(FinishedRun run) {
    runs.put(run.runId(), run);
    run.runKey().ifPresent(k -> runKeys.put(k.runKey(), k));
  }

  void add(FinishedTick tick) {
    ticks.put(tick.tickId(), tick);
  }

  void add(FinishedEval eval) {
    evals.put(eval.evalId(), eval);
    eval.leaseKey().ifPresent(k -> evalByLease.putIfAbsent(k, eval.evalId()));
  }

  HistoryRows rows() {
    return new HistoryRows(
        java.util.List.copyOf(runs.values()),
        java.util.List.copyOf(ticks.values()),
        java.util.List.copyOf(evals.values()));
  }

  void clear() {
    runs.clear();
    ticks.clear();
    evals.clear();
    runKeys.clear();
    keys.clear();
    evalByLease.clear();
  }
}
