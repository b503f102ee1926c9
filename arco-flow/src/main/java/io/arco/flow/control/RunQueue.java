package io.arco.flow.control;

import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.model.LabelLimit;
import io.arco.flow.model.QueueReason;
import io.arco.flow.model.WorkspaceSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The run queue (decisions §2.7, §6.6): which open runs the workspace's concurrency limits hold
 * back. It is a read model, derived from the projections and the settings wherever it is needed
 * (the lease, run reads); it writes no events, so replaying the log or loading a snapshot gives the
 * same answer and a slot that frees is used by the very next poll.
 *
 * <p><b>In progress.</b> A run is in progress from the first lease of any of its tasks (a task with
 * attempt ≥ 1) until its fold state is terminal ({@link FoldState#runsInProgress()}). That includes
 * a run between two tasks (one succeeded, the next not leased yet) and a cancelled run whose RUNNING
 * tasks have not reported back; a run that has ended but whose output visibility is still pending
 * (public RUNNING, fold state SUCCEEDED) holds no work and does not count.
 *
 * <p><b>Admission.</b> The queue is every open run that is not in progress and has no cancel
 * request, in FIFO order (triggered time, then run id). Walking it with {@code admitted} counters
 * that start at zero, a run is admitted when {@code inProgress + admitted < maxConcurrentRuns}
 * (when set) and, for every label limit it matches ({@link LabelLimit#matches}), {@code
 * inProgress(limit) + admitted(limit) < limit}. An admitted run adds one to {@code admitted} and to
 * {@code admitted(limit)} of every limit it matches; a held run adds nothing, so it never takes a
 * slot from a later run that does not compete for the same limit. Because the order is FIFO, the
 * oldest held run is the first to be admitted when a slot frees: nothing starves while runs end.
 * Tasks of a held run are not claimable ({@link ClaimableTasks}) and its public state is PENDING.
 *
 * <p>Runs already in progress are never held, so lowering a limit below the current count preempts
 * nothing: new runs wait until enough of them end. Admitted runs that no worker has leased yet show
 * as RUNNING (their fold state), which is why a reason's {@code inProgress} counts them too.
 *
 * <p>Without any limit, nothing is computed. With limits, a computation is one pass over the open
 * runs plus a sort of the queue.
 */
public final class RunQueue {
  private static final RunQueue UNLIMITED = new RunQueue(Map.of(), List.of());

  /** FIFO order of the queue: triggered time, then run id. */
  public static final Comparator<RunRow> FIFO =
      Comparator.comparing(RunRow::triggeredAt).thenComparing(RunRow::runId);

  /** run id → why it is held (point lookups only). */
  private final Map<String, List<QueueReason>> reasons;

  private final List<String> held;

  private RunQueue(Map<String, List<QueueReason>> reasons, List<String> held) {
    this.reasons = reasons;
    this.held = held;
  }

  /** The queue of a state under its own workspace settings. */
  public static RunQueue of(FoldState state) {
    WorkspaceSettings settings = state.workspaceSettings();
    if (!settings.hasLimits()) {
      return UNLIMITED;
    }
    List<LabelLimit> limits = settings.labelLimits();
    int inProgress = 0;
    int[] inProgressOf = new int[limits.size()];
    SortedSet<String> running = state.runsInProgress();
    for (String runId : running) {
      Optional<RunRow> run = state.liveRun(runId);
      if (run.isEmpty()) {
        continue;
      }
      inProgress++;
      count(limits, run.get(), inProgressOf);
    }
    List<RunRow> queue = new ArrayList<>();
    for (String runId : state.openRuns()) {
      if (!running.contains(runId)) {
        state.liveRun(runId).filter(r -> !r.cancelRequested()).ifPresent(queue::add);
      }
    }
    queue.sort(FIFO);

    Map<String, List<QueueReason>> reasons = new HashMap<>();
    List<String> held = new ArrayList<>();
    int admitted = 0;
    int[] admittedOf = new int[limits.size()];
    for (RunRow run : queue) {
      List<QueueReason> why = new ArrayList<>();
      int taken = inProgress + admitted;
      settings
          .maxConcurrentRuns()
          .filter(max -> taken >= max)
          .ifPresent(max -> why.add(new QueueReason.MaxConcurrentRuns(max, taken)));
      for (int i = 0; i < limits.size(); i++) {
        LabelLimit l = limits.get(i);
        int takenOf = inProgressOf[i] + admittedOf[i];
        if (l.matches(run.labels()) && takenOf >= l.limit()) {
          why.add(new QueueReason.LabelLimitReached(l.label(), l.value(), l.limit(), takenOf));
        }
      }
      if (why.isEmpty()) {
        admitted++;
        count(limits, run, admittedOf);
      } else {
        reasons.put(run.runId(), List.copyOf(why));
        held.add(run.runId());
      }
    }
    return new RunQueue(reasons, List.copyOf(held));
  }

  private static void count(List<LabelLimit> limits, RunRow run, int[] counters) {
    for (int i = 0; i < limits.size(); i++) {
      if (limits.get(i).matches(run.labels())) {
        counters[i]++;
      }
    }
  }

  /** Whether the run is held back by a limit. */
  public boolean holds(String runId) {
    return reasons.containsKey(runId);
  }

  /**
   * Why the run is held: the global cap first, then each label limit in settings order; empty when
   * it is not held.
   */
  public List<QueueReason> reasons(String runId) {
    return reasons.getOrDefault(runId, List.of());
  }

  /** The held runs in queue order. */
  public List<String> heldRuns() {
    return held;
  }
}
