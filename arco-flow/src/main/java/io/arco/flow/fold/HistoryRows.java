package io.arco.flow.fold;

import java.util.List;

/** The history rows of one batch: what left memory, each kind in the order it left. */
public record HistoryRows(List<FinishedRun> runs, List<FinishedTick> ticks, List<FinishedEval> evals) {
  public static final HistoryRows EMPTY = new HistoryRows(List.of(), List.of(), List.of());

  public HistoryRows {
    runs = List.copyOf(runs);
    ticks = List.copyOf(ticks);
    evals = List.copyOf(evals);
  }

  public static HistoryRows ofRuns(List<FinishedRun> runs) {
    return new HistoryRows(runs, List.of(), List.of());
  }

  public boolean isEmpty() {
    return runs.isEmpty() && ticks.isEmpty() && evals.isEmpty();
  }

  /** The greatest {@code endedAt} of the rows, 0 when there are none. */
  public long lastEndedAt() {
    long max = 0;
    for (FinishedRun r : runs) {
      max = Math.max(max, r.endedAt());
    }
    for (FinishedTick t : ticks) {
      max = Math.max(max, t.endedAt());
    }
    for (FinishedEval e : evals) {
      max = Math.max(max, e.endedAt());
    }
    return max;
  }

  /** The rows that left memory after {@code sequence}. */
  public HistoryRows endedAfter(long sequence) {
    return new HistoryRows(
        runs.stream().filter(r -> r.endedAt() > sequence).toList(),
        ticks.stream().filter(t -> t.endedAt() > sequence).toList(),
        evals.stream().filter(e -> e.endedAt() > sequence).toList());
  }
}
