package io.arco.flow.fold;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What left memory since the engine last drained it: the batch's history rows, in the order they
 * left, plus lookups by run key and idempotency key, so commands later in the same batch still
 * find them before they are committed.
 */
final class Evicted {
  final LinkedHashMap<String, FinishedRun> runs = new LinkedHashMap<>();
  final Map<String, RunKeyRow> runKeys = new HashMap<>();
  final Map<String, IdempotencyRecord> keys = new HashMap<>();

  void add(FinishedRun run) {
    runs.put(run.runId(), run);
    run.runKey().ifPresent(k -> runKeys.put(k.runKey(), k));
  }

  void clear() {
    runs.clear();
    runKeys.clear();
    keys.clear();
  }
}
