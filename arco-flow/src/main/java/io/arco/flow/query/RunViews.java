package io.arco.flow.query;

import io.arco.flow.model.QueueReason;
import io.arco.flow.control.RunQueue;
import io.arco.flow.fold.EdgeRow;
import io.arco.flow.fold.FinishedRun;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.EdgeResolution;
import io.arco.flow.model.OutputVisibilityState;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.PublicTaskState;
import io.arco.flow.model.RunState;
import io.arco.flow.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link RunView}s from projections. */
public final class RunViews {
  private RunViews() {}

  /** The view of one run, or empty when the run does not exist. */
  public static Optional<RunView> of(FoldState state, String runId) {
    return ofLive(state, runId).or(() -> state.finishedRun(runId).map(RunViews::ofFinished));
  }

  /** The view of a run in memory (not ended), or empty. */
  public static Optional<RunView> ofLive(FoldState state, String runId) {
    return state
        .liveRun(runId)
        .map(
            run ->
                build(
                    run,
                    state.tasksOf(runId).values(),
                    state.edgesOf(runId),
                    RunQueue.of(state).reasons(runId)));
  }

  /** The view of a finished run from its history row: what it showed when it ended. */
  public static RunView ofFinished(FinishedRun f) {
    return build(f.run(), f.tasks(), f.edges(), List.of());
  }

  static RunView build(
      RunRow run, Collection<TaskRow> rows, List<EdgeRow> edges, List<QueueReason> queueReasons) {
    Map<String, SkipAttribution> skips = skipAttributions(edges);
    List<TaskView> tasks = new ArrayList<>(rows.size());
    int pending = 0;
    int queued = 0;
    int running = 0;
    Instant startedAt = null;
    for (TaskRow t : rows) {
      PublicTaskState ps = t.state().publicState();
      switch (ps) {
        case PENDING -> pending++;
        case QUEUED -> queued++;
        case RUNNING -> running++;
        default -> {}
      }
      if (t.startedAt().isPresent() && (startedAt == null || t.startedAt().get().isBefore(startedAt))) {
        startedAt = t.startedAt().get();
      }
      tasks.add(
          new TaskView(
              t.taskKey(),
              t.assetKey(),
              t.partitionKey(),
              ps,
              t.state(),
              t.attempt(),
              t.startedAt(),
              t.completedAt(),
              t.errorMessage(),
              t.errorCategory(),
              t.executionLineageRef(),
              t.deltaTable(),
              t.deltaVersion(),
              t.deltaPartition(),
              t.attempt() > 1
                  ? Optional.of(
                      new RetryAttribution(
                          t.attempt() - 1,
                          RetryAttribution.PRIOR_ATTEMPT_FAILED,
                          t.failureOf(t.attempt() - 1)))
                  : Optional.empty(),
              t.state() == TaskState.SKIPPED
                  ? Optional.ofNullable(skips.get(t.taskKey()))
                  : Optional.empty(),
              t.outputVisibilityState(),
              t.publishedAt(),
              t.publishError()));
    }
    PublicRunState publicState = publicState(run, rows, !queueReasons.isEmpty());
    Optional<String> kind =
        Optional.ofNullable(run.labels().get(RunView.RERUN_KIND_LABEL))
            .filter(k -> k.equals("FROM_FAILURE") || k.equals("SUBSET"));
    return new RunView(
        run.runId(),
        run.planId(),
        publicState,
        run.state(),
        run.triggeredAt(),
        Optional.ofNullable(startedAt),
        publicState.isTerminal() ? run.completedAt() : Optional.empty(),
        List.copyOf(tasks),
        new TaskCounts(
            run.tasksTotal(),
            pending,
            queued,
            running,
            run.tasksSucceeded(),
            run.tasksFailed(),
            run.tasksSkipped(),
            run.tasksCancelled()),
        run.labels(),
        run.runKey(),
        run.codeVersion(),
        run.cancelRequested(),
        Optional.ofNullable(run.labels().get(RunView.PARENT_RUN_LABEL)),
        kind,
        kind.map(k -> k.equals("FROM_FAILURE") ? "from_failure_unsucceeded_tasks" : "subset_selection"),
        queueReasons);
  }

  /**
   * Public run state (api-contract §4.1), first matching rule wins: PENDING while the run queue
   * holds the run (decisions §6.6; a held run is open, unclaimed and has no cancel request);
   * CANCELLING while a cancel is pending; CANCELLED; FAILED (also when a required output failed to
   * publish); RUNNING while a required output is still pending; else the fold state (TRIGGERED shows
   * as PENDING).
   */
  public static PublicRunState publicState(RunRow run, Collection<TaskRow> tasks, boolean held) {
    return io.arco.flow.fold.PublicStates.of(run, tasks, held);
  }

  /** Public state of one run (for command answers); computes the run queue. */
  public static PublicRunState publicState(FoldState state, RunRow run) {
    return publicState(state, run, RunQueue.of(state));
  }

  /** Public state of a run under a run queue computed once for many runs (lists, counters). */
  public static PublicRunState publicState(FoldState state, RunRow run, RunQueue queue) {
    return publicState(run, state.tasksRequiringVisibleOutput(run.runId()), queue.holds(run.runId()));
  }

  private static final Comparator<EdgeRow> CAUSE_ORDER =
      Comparator.<EdgeRow>comparingLong(e -> e.satisfiedAt().map(Instant::toEpochMilli).orElse(0L))
          .thenComparing(EdgeRow::upstreamTaskKey)
          .thenComparing(EdgeRow::rowVersion);

  /**
   * The skip-attribution index of one run, built once per read (flow-model part 3 §5.2): for each
   * downstream task, among its edges resolved other than SUCCESS, the smallest (satisfied time in
   * ms, upstream task key, row version) is the cause.
   */
  public static Map<String, SkipAttribution> skipAttributions(List<EdgeRow> edges) {
    Map<String, EdgeRow> best = new HashMap<>();
    for (EdgeRow e : edges) {
      if (e.resolution().isEmpty() || e.resolution().get() == EdgeResolution.SUCCESS) {
        continue;
      }
      best.merge(e.downstreamTaskKey(), e, (a, b) -> CAUSE_ORDER.compare(a, b) <= 0 ? a : b);
    }
    Map<String, SkipAttribution> out = new HashMap<>();
    best.forEach(
        (down, e) -> out.put(down, new SkipAttribution(e.upstreamTaskKey(), e.resolution().get())));
    return out;
  }
}
