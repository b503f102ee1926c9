package io.arco.flow.control;

import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dispatch outbox of pull mode (flow-model §0.2): READY tasks, and RETRY_WAIT tasks whose
 * deadline has passed and that have attempts left, unless their run has a cancel request or is held
 * by a concurrency limit ({@link RunQueue}). Ordered by (ready time, run id, task key) and filtered
 * by queue.
 */
public final class ClaimableTasks {
  private ClaimableTasks() {}

  /** A claimable task and the time it became claimable. */
  public record Claimable(TaskRow task, Instant readySince) {}

  private static final Comparator<Claimable> ORDER =
      Comparator.comparing(Claimable::readySince)
          .thenComparing(c -> c.task().runId())
          .thenComparing(c -> c.task().taskKey());

  /**
   * Up to {@code limit} claimable tasks on the given queues, in claim order. The run queue is
   * computed once per call, and only when the workspace has limits.
   */
  public static List<Claimable> find(FoldState state, Set<String> queues, Instant now, int limit) {
    List<Claimable> found = new ArrayList<>();
    RunQueue queue = RunQueue.of(state);
    for (TaskRow t : state.liveTasks()) {
      if (!queues.contains(t.workerQueue())) {
        continue;
      }
      Optional<RunRow> run = state.liveRun(t.runId());
      if (run.isEmpty() || run.get().cancelRequested() || queue.holds(t.runId())) {
        continue;
      }
      claimableSince(t, now).ifPresent(since -> found.add(new Claimable(t, since)));
    }
    found.sort(ORDER);
    return found.size() > limit ? List.copyOf(found.subList(0, limit)) : List.copyOf(found);
  }

  /** When the task became claimable, or empty when it is not claimable at {@code now}. */
  static Optional<Instant> claimableSince(TaskRow t, Instant now) {
    if (t.state() == TaskState.READY) {
      return Optional.of(t.readyAt().orElse(Instant.EPOCH));
    }
    if (t.state() == TaskState.RETRY_WAIT && t.attempt() < t.maxAttempts()) {
      Instant due = t.retryNotBefore().orElse(Instant.EPOCH);
      return due.isAfter(now) ? Optional.empty() : Optional.of(due);
    }
    return Optional.empty();
  }
}
