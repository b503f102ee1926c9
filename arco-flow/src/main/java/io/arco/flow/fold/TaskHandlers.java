package io.arco.flow.fold;

import io.arco.flow.event.CompletionFact;
import io.arco.flow.event.OutputVisibilityUpdate;
import io.arco.flow.model.AttemptFailure;
import io.arco.flow.model.TaskError;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.model.EdgeResolution;
import io.arco.flow.model.OutputVisibilityState;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/** Fold steps of worker facts: start, heartbeat and completion, with edge propagation. */
final class TaskHandlers {
  private TaskHandlers() {}

  /**
   * Strict start (flow-model §0.3.2): applies only to the dispatched attempt with the same attempt
   * and attempt id; anything else (a repeat, an old attempt, a cancelled task) changes nothing.
   */
  static boolean started(FoldStep step, TaskStarted e) {
    TaskRow t = task(step, e.runId(), e.taskKey());
    if (t == null
        || t.state() != TaskState.DISPATCHED
        || t.attempt() != e.attempt()
        || !t.attemptId().equals(Optional.of(e.attemptId()))) {
      return false;
    }
    TaskRow.Builder b = t.toBuilder();
    b.state = TaskState.RUNNING;
    b.startedAt = Optional.of(step.at());
    if (b.workerId.isEmpty()) {
      b.workerId = Optional.of(e.workerId());
    }
    b.rowVersion = step.eventId();
    put(step, b.build());
    step.state().outbox.remove(io.arco.flow.model.Ids.dispatchId(e.runId(), e.taskKey(), e.attempt()));
    return true;
  }

  /**
   * Row 13: a heartbeat of the current attempt of a non-terminal task moves its last heartbeat
   * forward (never backwards, flow-model §0.3.3).
   */
  static boolean heartbeat(FoldStep step, TaskHeartbeat e) {
    TaskRow t = task(step, e.runId(), e.taskKey());
    if (t == null || t.state().isTerminal() || !isCurrentAttempt(t, e.attempt(), e.attemptId())) {
      return false;
    }
    Instant at = e.heartbeatAt().orElse(step.at());
    if (t.lastHeartbeatAt().isPresent() && !at.isAfter(t.lastHeartbeatAt().get())) {
      return false;
    }
    TaskRow.Builder b = t.toBuilder();
    b.lastHeartbeatAt = Optional.of(at);
    b.rowVersion = step.eventId();
    put(step, b.build());
    return true;
  }

  /** Rows 5–9: a completion of the current attempt (flow-model part 2 §2.2, §0.3.5). */
  static boolean completed(FoldStep step, CompletionFact e) {
    FoldState s = step.state();
    TaskRow t = task(step, e.runId(), e.taskKey());
    if (t == null
        || t.state().isTerminal()
        || t.state() == TaskState.RETRY_WAIT
        || !isCurrentAttempt(t, e.attempt(), e.attemptId())) {
      return false;
    }
    boolean cancelRequested = s.liveRun(e.runId()).map(RunRow::cancelRequested).orElse(false);
    TaskRow.Builder b = t.toBuilder();
    b.rowVersion = step.eventId();
    if (b.assetKey.isEmpty()) {
      b.assetKey = e.assetKey();
    }
    if (b.partitionKey.isEmpty()) {
      b.partitionKey = e.partitionKey();
    }
    TaskState next;
    if (e.outcome() == TaskOutcome.SUCCEEDED) {
      next = TaskState.SUCCEEDED;
      applySuccess(step, b, e);
    } else {
      clearSuccessFields(b);
      b.errorMessage = e.errorMessage().or(() -> e.error().map(TaskError::message));
      b.errorCategory = e.error().map(TaskError::category);
      if (e.outcome() == TaskOutcome.FAILED) {
        java.util.List<AttemptFailure> failures = new java.util.ArrayList<>(b.failures);
        failures.add(
            new AttemptFailure(
                t.attempt(), b.errorCategory, b.errorMessage.orElse("attempt " + t.attempt() + " failed")));
        b.failures = failures;
      }
      b.retryNotBefore = Optional.empty();
      if (cancelRequested && e.outcome() != TaskOutcome.SKIPPED) {
        // Cancel beats retry: after a cancel request a failed or cancelled attempt ends CANCELLED.
        next = TaskState.CANCELLED;
      } else {
        next =
            switch (e.outcome()) {
              case FAILED ->
                  e.retryable() && t.attempt() < t.maxAttempts()
                      ? TaskState.RETRY_WAIT
                      : TaskState.FAILED;
              case SKIPPED -> TaskState.SKIPPED;
              case CANCELLED -> TaskState.CANCELLED;
              case SUCCEEDED -> throw new IllegalStateException("unreachable");
            };
      }
      if (next == TaskState.RETRY_WAIT) {
        Instant anchor = e.failedAt().orElse(step.at());
        b.retryNotBefore =
            Optional.of(
                anchor.plus(
                    Backoff.delay(t.attempt(), t.retryBackoffSec(), t.retryMaxBackoffSec())));
      }
    }
    b.state = next;
    if (next.isTerminal()) {
      b.completedAt = Optional.of(step.at());
    }
    TaskRow updated = b.build();
    put(step, updated);
    DispatchHandlers.dropOutboxOf(s, updated);
    updatePartitionStatus(step, e, updated);
    if (next.isTerminal()) {
      RunHandlers.taskEnteredTerminal(step, e.runId(), next);
      switch (next) {
        case SUCCEEDED -> satisfyDownstream(step, updated);
        case FAILED -> propagate(step, updated, EdgeResolution.FAILED);
        case SKIPPED -> propagate(step, updated, EdgeResolution.SKIPPED);
        case CANCELLED -> propagate(step, updated, EdgeResolution.CANCELLED);
        default -> throw new IllegalStateException("unexpected terminal state " + next);
      }
    }
    return true;
  }

  private static void applySuccess(FoldStep step, TaskRow.Builder b, CompletionFact e) {
    TaskOutput out = e.output().orElse(TaskOutput.empty());
    b.errorMessage = Optional.empty();
    b.errorCategory = Optional.empty();
    b.retryNotBefore = Optional.empty();
    b.materializationId = e.materializationId().or(out::materializationId);
    b.deltaTable = out.deltaTable();
    b.deltaVersion = out.deltaVersion();
    b.deltaPartition = out.deltaPartition().or(e::partitionKey).or(() -> b.partitionKey);
    b.executionLineageRef =
        Optional.of(
            LineageRef.of(
                b.runId,
                b.taskKey,
                b.attempt,
                b.materializationId,
                b.deltaTable,
                b.deltaVersion,
                b.deltaPartition));
    Optional<OutputVisibilityUpdate> visibility = e.outputVisibility();
    if (visibility.isPresent()) {
      OutputVisibilityUpdate v = visibility.get();
      b.outputVisibilityState = Optional.of(v.visibilityState());
      switch (v.visibilityState()) {
        case PENDING -> {
          b.publishedAt = Optional.empty();
          b.publishError = Optional.empty();
        }
        case VISIBLE -> {
          b.publishedAt = Optional.of(v.publishedAt().orElse(step.at()));
          b.publishError = Optional.empty();
        }
        case FAILED -> {
          b.publishedAt = Optional.empty();
          b.publishError = v.publishError();
        }
      }
    } else if (b.outputVisibilityState.isEmpty()) {
      b.publishedAt = Optional.empty();
      b.publishError = Optional.empty();
    }
  }

  private static void clearSuccessFields(TaskRow.Builder b) {
    b.outputVisibilityState = Optional.<OutputVisibilityState>empty();
    b.publishedAt = Optional.empty();
    b.publishError = Optional.empty();
  }

  private static final Optional<EdgeResolution> SUCCESS = Optional.of(EdgeResolution.SUCCESS);

  /**
   * Success path (flow-model part 2 §3): resolves each out-edge SUCCESS; a downstream whose count
   * reaches its total and is BLOCKED becomes READY. The conditional increment makes a duplicate
   * success harmless.
   */
  private static void satisfyDownstream(FoldStep step, TaskRow upstream) {
    FoldState s = step.state();
    String runId = upstream.runId();
    RunEdges edges = s.edges.get(runId);
    if (edges == null) {
      return;
    }
    RunEdges.OutEdges out = edges.outOf(upstream.taskKey());
    RunTasks tasks = s.tasks.get(runId);
    Optional<Instant> at = Optional.of(step.at());
    Optional<Integer> attempt = Optional.of(upstream.attempt());
    for (int i = 0; i < out.size(); i++) {
      String down = out.downstream(i);
      boolean wasSatisfied = out.satisfied(i);
      out.set(
          i,
          new EdgeRow(
              runId, upstream.taskKey(), down, true, SUCCESS, at, attempt, step.eventId()));
      if (wasSatisfied) {
        continue;
      }
      if (tasks == null) {
        continue;
      }
      TaskRow ready = tasks.satisfyOne(down, step.at(), step.eventId());
      if (ready != null) {
        s.putTask(tasks, ready);
      }
    }
    if (tasks != null && tasks.hasUnsettled()) {
      s.unsettled(tasks);
    }
  }

  /**
   * Failure propagation, breadth-first from a task that ended FAILED, SKIPPED or CANCELLED: every
   * edge reached records the resolution; a non-terminal downstream is SKIPPED (CANCELLED for a
   * cancellation) and walked further with resolution SKIPPED (CANCELLED).
   */
  static void propagate(FoldStep step, TaskRow origin, EdgeResolution first) {
    FoldState s = step.state();
    String runId = origin.runId();
    RunEdges edges = s.edges.get(runId);
    if (edges == null) {
      return;
    }
    record Item(String taskKey, EdgeResolution resolution) {}
    ArrayDeque<Item> queue = new ArrayDeque<>();
    queue.add(new Item(origin.taskKey(), first));
    while (!queue.isEmpty()) {
      Item item = queue.poll();
      RunEdges.OutEdges out = edges.outOf(item.taskKey());
      for (int i = 0; i < out.size(); i++) {
        String down = out.downstream(i);
        out.set(
            i,
            new EdgeRow(
                runId,
                item.taskKey(),
                down,
                false,
                Optional.of(item.resolution()),
                Optional.of(step.at()),
                Optional.empty(),
                step.eventId()));
        TaskRow d = task(step, runId, down);
        if (d == null || d.state().isTerminal()) {
          continue;
        }
        boolean cancel = item.resolution() == EdgeResolution.CANCELLED;
        TaskState next = cancel ? TaskState.CANCELLED : TaskState.SKIPPED;
        TaskRow.Builder b = d.toBuilder();
        b.state = next;
        b.retryNotBefore = Optional.empty();
        b.rowVersion = step.eventId();
        TaskRow updated = b.build();
        put(step, updated);
        DispatchHandlers.dropOutboxOf(s, updated);
        RunHandlers.taskEnteredTerminal(step, runId, next);
        queue.add(new Item(down, cancel ? EdgeResolution.CANCELLED : EdgeResolution.SKIPPED));
      }
    }
  }

  /**
   * Partition status (flow-model part 2 §1.10, part 4 §4.2): keyed by the event's asset key and
   * effective partition (event partition key, else the output's delta partition). An event older
   * than the row's version never overwrites it; the in-flight set is kept as the task transition
   * left it. A success of a task without a partition key also records the asset's materialization.
   */
  private static void updatePartitionStatus(FoldStep step, CompletionFact e, TaskRow task) {
    if (e.assetKey().isEmpty()) {
      return;
    }
    boolean success = e.outcome() == TaskOutcome.SUCCEEDED;
    if (success && task.partitionKey().isEmpty()) {
      updateAssetMaterialization(step, e.assetKey().get(), e, task);
    }
    Optional<String> partition =
        e.partitionKey().or(() -> e.output().flatMap(TaskOutput::deltaPartition));
    if (partition.isEmpty()) {
      return;
    }
    FoldState s = step.state();
    String key = FoldState.partitionKey(e.assetKey().get(), partition.get());
    PartitionStatusRow row = s.partitionStatus.get(key);
    if (row != null && step.eventId().compareTo(row.rowVersion()) < 0) {
      return;
    }
    if (row == null) {
      row = PartitionStatusRow.empty(e.assetKey().get(), partition.get());
    }
    s.partitionStatus.put(
        key,
        new PartitionStatusRow(
            row.assetKey(),
            row.partitionKey(),
            success ? Optional.of(e.runId()) : row.lastMaterializationRunId(),
            success ? Optional.of(step.at()) : row.lastMaterializationAt(),
            success ? e.codeVersion() : row.lastMaterializationCodeVersion(),
            Optional.of(e.runId()),
            Optional.of(step.at()),
            Optional.of(e.outcome()),
            success ? Optional.empty() : row.staleSince(),
            success ? Optional.empty() : row.staleReasonCode(),
            success ? task.deltaTable() : row.deltaTable(),
            success ? task.deltaVersion() : row.deltaVersion(),
            success ? task.deltaPartition() : row.deltaPartition(),
            success ? task.executionLineageRef() : row.executionLineageRef(),
            row.inFlightTasks(),
            step.eventId()));
  }

  private static void updateAssetMaterialization(
      FoldStep step, String assetKey, CompletionFact e, TaskRow task) {
    FoldState s = step.state();
    AssetMaterializationRow old = s.assetMaterializations.get(assetKey);
    if (old != null && step.eventId().compareTo(old.rowVersion()) < 0) {
      return;
    }
    s.assetMaterializations.put(
        assetKey,
        new AssetMaterializationRow(
            assetKey,
            e.runId(),
            task.taskKey(),
            step.at(),
            e.codeVersion(),
            task.deltaTable(),
            task.deltaVersion(),
            task.deltaPartition(),
            task.executionLineageRef(),
            step.eventId()));
  }

  static boolean isCurrentAttempt(TaskRow t, int attempt, String attemptId) {
    return t.attempt() == attempt && t.attemptId().equals(Optional.of(attemptId));
  }

  static TaskRow task(FoldStep step, String runId, String taskKey) {
    RunTasks tasks = step.state().tasks.get(runId);
    return tasks == null ? null : tasks.get(taskKey);
  }

  static void put(FoldStep step, TaskRow row) {
    step.state().putTask(row);
  }
}
