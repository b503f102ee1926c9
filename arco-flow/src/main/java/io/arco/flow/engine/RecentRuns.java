package io.arco.flow.engine;

import io.arco.flow.fold.FinishedRun;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of one workspace that left memory lately, kept as the rows written to history. A run
 * that has just finished is read often (the answers to its last callbacks, the transition log,
 * clients polling for its end), and decoding a large one from the store each time costs more than
 * the whole of its last layer; the row is the very value the store holds, so an answer from here is
 * the store's answer. Bounded by the tasks and edges held; least recently used rows go first.
 * Thread-safe.
 */
final class RecentRuns {
  /** Tasks plus edges held at most (a 1,000-task run with 50 edges per task weighs 51,000). */
  static final long MAX_WEIGHT = 250_000;

  private final Map<String, FinishedRun> runs = new LinkedHashMap<>(16, 0.75f, true);
  private final long maxWeight;
  private long weight;

  RecentRuns() {
    this(MAX_WEIGHT);
  }

  RecentRuns(long maxWeight) {
    this.maxWeight = maxWeight;
  }

  /** Keeps the rows of a batch that was just made durable. */
  synchronized void add(List<FinishedRun> finished) {
    for (FinishedRun r : finished) {
      long w = weight(r);
      if (w > maxWeight) {
        continue;
      }
      FinishedRun old = runs.put(r.runId(), r);
      weight += w - (old == null ? 0 : weight(old));
    }
    Iterator<FinishedRun> eldest = runs.values().iterator();
    while (weight > maxWeight && eldest.hasNext()) {
      weight -= weight(eldest.next());
      eldest.remove();
    }
  }

  synchronized Optional<FinishedRun> get(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  /** Forgets every row (the store is the truth again after a failed batch). */
  synchronized void clear() {
    runs.clear();
    weight = 0;
  }

  static long weight(FinishedRun r) {
    return 1L + r.tasks().size() + r.edges().size();
  }
}
