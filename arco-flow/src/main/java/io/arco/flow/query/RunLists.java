package io.arco.flow.query;

import io.arco.flow.control.RunQueue;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.fold.RunHistoryQuery;
import io.arco.flow.fold.RunHistoryRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lists runs (api-contract §3.2): newest first, then run id ascending, filtered by public state.
 * Live runs come from memory (few: only runs that have not ended), finished runs from the store's
 * history index in the same order; the two sorted sources merge into one page. Nothing copies or
 * sorts a whole workspace: each source yields at most offset + limit + 1 rows.
 */
public final class RunLists {
  private static final Comparator<RunListItem> ORDER =
      Comparator.comparing(RunListItem::createdAt).reversed().thenComparing(RunListItem::runId);

  private RunLists() {}

  /** How many rows each source must yield for a page of {@code q}. */
  public static int want(RunListQuery q) {
    return (int) Math.min(Integer.MAX_VALUE, (long) q.offset() + q.limit() + 1);
  }

  /** The live part of a page: runs in memory matching {@code q}, in list order, at most {@link #want}. */
  public static List<RunListItem> live(FoldState state, RunListQuery q) {
    RunQueue queue = RunQueue.of(state);
    List<RunListItem> out = new ArrayList<>();
    for (RunRow r : state.runs().values()) {
      if (!after(r.triggeredAt(), r.runId(), q)) {
        continue;
      }
      PublicRunState ps = RunViews.publicState(state, r, queue);
      if (q.state().isPresent() && q.state().get() != ps) {
        continue;
      }
      out.add(item(r, ps));
    }
    out.sort(ORDER);
    return out.size() > want(q) ? List.copyOf(out.subList(0, want(q))) : out;
  }

  /** The history query for the finished part of a page of {@code q}. */
  public static RunHistoryQuery historyQuery(RunListQuery q) {
    return new RunHistoryQuery(
        q.state(),
        q.afterCreatedAt(),
        q.afterCreatedAt().isPresent() ? Optional.of(q.afterRunId().orElse("")) : Optional.empty(),
        want(q));
  }

  /**
   * Merges the live part (read first) and the history part (read after) into one page. A run that
   * ended between the two reads appears in both; its history row wins.
   */
  public static RunPage merge(List<RunListItem> live, List<RunHistoryRow> history, RunListQuery q) {
    List<RunListItem> all = new ArrayList<>(live.size() + history.size());
    Set<String> finished = new HashSet<>();
    for (RunHistoryRow h : history) {
      all.add(item(h.run(), h.publicState()));
      finished.add(h.run().runId());
    }
    for (RunListItem i : live) {
      if (!finished.contains(i.runId())) {
        all.add(i);
      }
    }
    all.sort(ORDER);
    int from = Math.min(q.offset(), all.size());
    int to = (int) Math.min(all.size(), (long) from + q.limit());
    return new RunPage(List.copyOf(all.subList(from, to)), all.size() > to);
  }

  private static boolean after(java.time.Instant t, String runId, RunListQuery q) {
    if (q.afterCreatedAt().isEmpty()) {
      return true;
    }
    int c = t.compareTo(q.afterCreatedAt().get());
    return c < 0 || (c == 0 && runId.compareTo(q.afterRunId().orElse("")) > 0);
  }

  static RunListItem item(RunRow r, PublicRunState ps) {
    Optional<String> kind =
        Optional.ofNullable(r.labels().get(RunView.RERUN_KIND_LABEL))
            .filter(k -> k.equals("FROM_FAILURE") || k.equals("SUBSET"));
    return new RunListItem(
        r.runId(),
        ps,
        r.triggeredAt(),
        ps.isTerminal() ? r.completedAt() : Optional.empty(),
        r.tasksTotal(),
        r.tasksSucceeded(),
        r.tasksFailed(),
        Optional.ofNullable(r.labels().get(RunView.PARENT_RUN_LABEL)),
        kind);
  }
}
