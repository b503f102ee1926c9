package io.arco.flow.engine;

import io.arco.flow.fold.HistoryRows;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.StoredEvent;
import java.util.List;

/**
 * Folds a workspace's log after a position into a state (start-up, rebuild after a failed batch,
 * the operator's rebuild). Runs that end during the replay leave memory as they did live; their
 * history rows are normally already stored (written with the events that ended them), and any
 * that are not — history newer than the store's, as after an upgrade or a cleared history — are
 * written page by page, so a replay of any length holds at most one page of them.
 */
final class LogReplay {
  static final int PAGE = 1000;

  private LogReplay() {}

  /** The outcome: the sequence number of the last event folded and how many were folded. */
  record Result(long last, long folded, long historyWritten) {}

  /**
   * Folds the events after {@code from} into {@code s}, checking each follows the previous one and
   * applies and that the fold reaches {@code head} (the store's head read before; {@link
   * LogChecks}).
   *
   * @throws LogIntegrityException on a gap, an event that does not apply, or a log short of head
   */
  static Result replay(EventStore store, Scope scope, FoldState s, long from, long head) {
    return replay(store, scope, s, from, head, new RecentRuns());
  }

  /** As {@link #replay(EventStore, Scope, FoldState, long, long)}, the fold's history keeping {@code recent}. */
  static Result replay(EventStore store, Scope scope, FoldState s, long from, long head, RecentRuns recent) {
    Result r = follow(store, scope, s, from, recent, true);
    LogChecks.reachedHead(scope, r.last(), head);
    return r;
  }

  /**
   * Folds every event after {@code from} into {@code s}, as far as the log goes now. With {@code
   * writeHistory} false (a node that follows another's writes, decisions §7.11) nothing is written:
   * the writer stored each run's history rows with the events that ended it, and the runs that
   * leave memory join {@code recent}.
   *
   * @throws LogIntegrityException on a gap or an event that does not apply
   */
  static Result follow(
      EventStore store, Scope scope, FoldState s, long from, RecentRuns recent, boolean writeHistory) {
    long stored = writeHistory ? store.historyHead(scope) : Long.MAX_VALUE;
    s.attachHistory(new StoreHistory(store, scope, recent));
    s.replaying(true);
    long last = from;
    long folded = 0;
    long written = 0;
    try {
      while (true) {
        List<StoredEvent> page = store.read(scope, last, PAGE);
        if (page.isEmpty()) {
          break;
        }
        for (StoredEvent e : page) {
          s.position(e.sequence());
          LogChecks.folded(scope, e, last, Fold.apply(s, e.envelope()));
          last = e.sequence();
          folded++;
        }
        if (writeHistory) {
          written += writeMissing(store, scope, s.drainEvicted(), stored);
        } else {
          recent.add(s.drainEvicted().runs());
        }
      }
    } finally {
      s.replaying(false);
    }
    return new Result(last, folded, written);
  }

  /** Writes the evicted rows that left memory after the store's history head; answers the runs. */
  private static int writeMissing(EventStore store, Scope scope, HistoryRows moved, long stored) {
    HistoryRows missing = moved.endedAfter(stored);
    if (!missing.isEmpty()) {
      store.putHistory(scope, missing);
    }
    return missing.runs().size();
  }
}
