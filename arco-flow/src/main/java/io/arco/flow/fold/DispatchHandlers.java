package io.arco.flow.fold;

import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.DispatchStatus;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskState;
import java.util.Optional;

/**
 * Fold steps of dispatch (the lease in pull mode): row 3 of the transition table and the outbox
 * bookkeeping of flow-model part 2 §2.3, with Arco's no-phantom-rows rule (§0.3.6).
 */
final class DispatchHandlers {
  private DispatchHandlers() {}

  /**
   * Moves a READY, RETRY_WAIT or DISPATCHED task to DISPATCHED with the new attempt and records
   * the in-flight intent. An unknown, BLOCKED or terminal task, or a consumed attempt, changes
   * nothing.
   */
  static boolean requested(FoldStep step, DispatchRequested e) {
    FoldState s = step.state();
    TaskRow t = TaskHandlers.task(step, e.runId(), e.taskKey());
    if (t == null || consumed(t, e.attempt())) {
      return false;
    }
    if (t.state() != TaskState.READY
        && t.state() != TaskState.RETRY_WAIT
        && t.state() != TaskState.DISPATCHED) {
      return false;
    }
    if (e.attempt() < t.attempt() || e.attempt() < 1) {
      return false;
    }
    OutboxRow existing = s.outbox.get(e.dispatchId());
    String attemptId =
        existing != null && !existing.attemptId().isEmpty() ? existing.attemptId() : e.attemptId();
    boolean changes =
        t.state() != TaskState.DISPATCHED
            || t.attempt() != e.attempt()
            || !t.attemptId().equals(Optional.of(attemptId));
    if (!changes) {
      return false;
    }
    TaskRow.Builder b = t.toBuilder();
    boolean newAttempt = t.attempt() != e.attempt();
    b.state = TaskState.DISPATCHED;
    b.attempt = e.attempt();
    b.attemptId = Optional.of(attemptId);
    b.retryNotBefore = Optional.empty();
    b.dispatchedAt = Optional.of(step.at());
    if (newAttempt) {
      // flow-model §0.3.3: heartbeats are per attempt.
      b.lastHeartbeatAt = Optional.empty();
      b.workerId = existing == null ? Optional.empty() : existing.workerId();
    }
    b.rowVersion = step.eventId();
    TaskHandlers.put(step, b.build());
    if (existing == null) {
      s.outbox.put(
          e.dispatchId(),
          new OutboxRow(
              e.dispatchId(),
              e.runId(),
              e.taskKey(),
              e.attempt(),
              DispatchStatus.PENDING,
              attemptId,
              e.workerQueue(),
              Optional.empty(),
              step.at(),
              step.eventId()));
    } else {
      String queue =
          existing.workerQueue().isEmpty()
                  || (existing.workerQueue().equals(TaskDef.DEFAULT_QUEUE)
                      && !e.workerQueue().equals(TaskDef.DEFAULT_QUEUE))
              ? e.workerQueue()
              : existing.workerQueue();
      s.outbox.put(
          e.dispatchId(),
          new OutboxRow(
              existing.dispatchId(),
              existing.runId(),
              existing.taskKey(),
              existing.attempt(),
              existing.status(),
              attemptId,
              queue,
              existing.workerId(),
              existing.createdAt(),
              existing.rowVersion()));
    }
    return true;
  }

  /**
   * Marks an in-flight dispatch as delivered to a worker (strictly newer events only) and records
   * the leasing worker on the task.
   */
  static boolean enqueued(FoldStep step, DispatchEnqueued e) {
    FoldState s = step.state();
    OutboxRow row = s.outbox.get(e.dispatchId());
    if (row == null) {
      return enqueuedBeforeRequested(step, e);
    }
    if (step.eventId().compareTo(row.rowVersion()) <= 0) {
      return false;
    }
    s.outbox.put(
        e.dispatchId(),
        new OutboxRow(
            row.dispatchId(),
            row.runId(),
            row.taskKey(),
            row.attempt(),
            DispatchStatus.CREATED,
            row.attemptId(),
            row.workerQueue(),
            e.workerId().or(row::workerId),
            step.at(),
            step.eventId()));
    TaskRow t = TaskHandlers.task(step, row.runId(), row.taskKey());
    if (t != null
        && !t.state().isTerminal()
        && t.attempt() == row.attempt()
        && e.workerId().isPresent()
        && !t.workerId().equals(e.workerId())) {
      TaskRow.Builder b = t.toBuilder();
      b.workerId = e.workerId();
      b.rowVersion = step.eventId();
      TaskHandlers.put(step, b.build());
    }
    return true;
  }

  /**
   * An acknowledgement folded before its request (flow-model part 2 §2.3) creates a CREATED row
   * with an empty attempt id and the default queue; the request fills them in later. Without
   * identifiers, for an unknown task or a consumed attempt it changes nothing (no phantom rows).
   */
  private static boolean enqueuedBeforeRequested(FoldStep step, DispatchEnqueued e) {
    if (e.runId().isEmpty() || e.taskKey().isEmpty() || e.attempt().isEmpty()) {
      return false;
    }
    TaskRow t = TaskHandlers.task(step, e.runId().get(), e.taskKey().get());
    if (t == null || t.state().isTerminal() || consumed(t, e.attempt().get())) {
      return false;
    }
    step.state()
        .outbox
        .put(
            e.dispatchId(),
            new OutboxRow(
                e.dispatchId(),
                e.runId().get(),
                e.taskKey().get(),
                e.attempt().get(),
                DispatchStatus.CREATED,
                "",
                TaskDef.DEFAULT_QUEUE,
                e.workerId(),
                step.at(),
                step.eventId()));
    return true;
  }

  /**
   * An attempt is consumed once the task moved past it: a higher attempt exists, or the same
   * attempt is running, waiting to retry or finished.
   */
  static boolean consumed(TaskRow t, int attempt) {
    if (t.attempt() > attempt) {
      return true;
    }
    return t.attempt() == attempt
        && (t.state() == TaskState.RUNNING
            || t.state() == TaskState.RETRY_WAIT
            || t.state().isTerminal());
  }

  /** Deletes the outbox row of a task's current attempt once that attempt is consumed. */
  static void dropOutboxOf(FoldState s, TaskRow t) {
    if (t.attempt() > 0) {
      s.outbox.remove(Ids.dispatchId(t.runId(), t.taskKey(), t.attempt()));
    }
  }
}
