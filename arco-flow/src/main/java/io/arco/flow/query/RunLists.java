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

  /**
   * The live part of a page: every run in memory matching {@code q}'s state and cursor, in list
   * order (few: only runs that have not ended).
   */
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
    return out;
  }

  /**
   * The history window a page of {@code q} needs, given the {@code liveCount} live rows: a legacy
   * offset skips {@code offset - liveCount} history rows in the store (at most {@code liveCount}
   * live rows can precede the page's first history row), then reads {@code liveCount + limit + 1}.
   */
  public static RunHistoryQuery historyQuery(RunListQuery q, int liveCount) {
    long skip = Math.max(0, (long) q.offset() - liveCount);
    long window = q.offset() - skip + q.limit() + 1L;
    return new RunHistoryQuery(
        q.state(),
        q.afterCreatedAt(),
        q.afterCreatedAt().isPresent() ? Optional.of(q.afterRunId().orElse("")) : Optional.empty(),
        skip,
        (int) Math.min(Integer.MAX_VALUE, window));
  }

  /**
   * Merges the live part (read first) and the history window (read after, from {@link
   * #historyQuery} with the same live count) into one page. A run that ended between the two reads
   * appears in both; its history row wins.
   */
  public static RunPage merge(List<RunListItem> live, List<RunHistoryRow> window, RunListQuery q, long skip) {
    Set<String> finished = new HashSet<>();
    List<RunListItem> local = new ArrayList<>(live.size() + window.size());
    for (RunHistoryRow h : window) {
      local.add(item(h.run(), h.publicState()));
      finished.add(h.run().runId());
    }
    List<RunListItem> liveOnly = live.stream().filter(i -> !finished.contains(i.runId())).toList();
    long start = 0;
    if (skip == 0) {
      local.addAll(liveOnly);
    } else if (window.isEmpty()) {
      // History ends before the rows skipped: at most `skip` history rows and fewer than
      // liveCount live rows remain, so nothing reaches position offset = skip + liveCount.
      return new RunPage(List.of(), false);
    } else {
      // Live rows before the window's first history row come before position offset (there are at
      // most liveCount of them); the others merge into the window.
      RunListItem first = local.get(0);
      start = skip + liveOnly.stream().filter(i -> ORDER.compare(i, first) < 0).count();
      liveOnly.stream().filter(i -> ORDER.compare(i, first) >= 0).forEach(local::add);
    }
    local.sort(ORDER);
    int from = (int) Math.min(local.size(), Math.max(0, q.offset() - start));
    int to = (int) Math.min(local.size(), (long) from + q.limit());
    return new RunPage(List.copyOf(local.subList(from, to)), local.size() > to);
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
