package io.arco.flow.query;

import io.arco.flow.control.RunQueue;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.model.PublicRunState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Lists runs (api-contract §3.2): newest first, then run id ascending, filtered by public state. */
public final class RunLists {
  private static final Comparator<RunRow> ORDER =
      Comparator.comparing(RunRow::triggeredAt).reversed().thenComparing(RunRow::runId);

  private RunLists() {}

  public static RunPage list(FoldState state, RunListQuery q) {
    List<RunRow> rows = new ArrayList<>(state.runs().values());
    rows.sort(ORDER);
    RunQueue queue = RunQueue.of(state);
    List<RunListItem> page = new ArrayList<>();
    int skipped = 0;
    boolean more = false;
    for (RunRow r : rows) {
      if (q.afterCreatedAt().isPresent()) {
        int c = r.triggeredAt().compareTo(q.afterCreatedAt().get());
        boolean after =
            c < 0 || (c == 0 && r.runId().compareTo(q.afterRunId().orElse("")) > 0);
        if (!after) {
          continue;
        }
      }
      PublicRunState ps = RunViews.publicState(state, r, queue);
      if (q.state().isPresent() && q.state().get() != ps) {
        continue;
      }
      if (skipped < q.offset()) {
        skipped++;
        continue;
      }
      if (page.size() == q.limit()) {
        more = true;
        break;
      }
      Optional<String> kind =
          Optional.ofNullable(r.labels().get(RunView.RERUN_KIND_LABEL))
              .filter(k -> k.equals("FROM_FAILURE") || k.equals("SUBSET"));
      page.add(
          new RunListItem(
              r.runId(),
              ps,
              r.triggeredAt(),
              ps.isTerminal() ? r.completedAt() : Optional.empty(),
              r.tasksTotal(),
              r.tasksSucceeded(),
              r.tasksFailed(),
              Optional.ofNullable(r.labels().get(RunView.PARENT_RUN_LABEL)),
              kind));
    }
    return new RunPage(List.copyOf(page), more);
  }
}
