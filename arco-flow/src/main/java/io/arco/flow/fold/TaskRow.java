package io.arco.flow.fold;

import io.arco.flow.model.AttemptFailure;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.OutputVisibilityState;
import io.arco.flow.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Projection row of a task (flow-model part 2 §1.2). Arco adds the claim time of the current
 * attempt ({@code dispatchedAt}, which starts its heartbeat deadline), the leasing worker, the
 * asset's retry backoff and queue, the category of the last error, and the failure of every failed
 * attempt (retry attribution names the prior attempt's error).
 */
public record TaskRow(
    String runId,
    String taskKey,
    TaskState state,
    int attempt,
    Optional<String> attemptId,
    Optional<Instant> dispatchedAt,
    Optional<String> workerId,
    Optional<Instant> startedAt,
    Optional<Instant> completedAt,
    Optional<String> errorMessage,
    Optional<ErrorCategory> errorCategory,
    List<AttemptFailure> failures,
    int depsTotal,
    int depsSatisfiedCount,
    int maxAttempts,
    int heartbeatTimeoutSec,
    Optional<Integer> retryBackoffSec,
    Optional<Integer> retryMaxBackoffSec,
    String workerQueue,
    Optional<Instant> lastHeartbeatAt,
    Optional<Instant> readyAt,
    Optional<String> assetKey,
    Optional<String> partitionKey,
    boolean requiresVisibleOutput,
    Optional<String> materializationId,
    Optional<OutputVisibilityState> outputVisibilityState,
    Optional<Instant> publishedAt,
    Optional<String> publishError,
    Optional<Instant> retryNotBefore,
    Optional<String> deltaTable,
    Optional<Long> deltaVersion,
    Optional<String> deltaPartition,
    Optional<String> executionLineageRef,
    String rowVersion) {

  public TaskRow {
    failures = failures == null ? List.of() : List.copyOf(failures);
  }

  /** The failure of attempt {@code attempt}, if it failed. */
  public Optional<AttemptFailure> failureOf(int attempt) {
    return failures.stream().filter(f -> f.attempt() == attempt).findFirst();
  }

  /**
   * This row counting {@code satisfied} dependencies as satisfied: READY at {@code at} (row version
   * {@code eventId}) when that is all of them and the task is BLOCKED; otherwise only the count
   * changes. The hot path of a barrier DAG (every success satisfies the edges to each downstream
   * task), so it copies the row once rather than through a {@link Builder}.
   */
  TaskRow withDependenciesSatisfied(int satisfied, Instant at, String eventId) {
    return counting(satisfied, Optional.of(at), eventId);
  }

  /**
   * This row counting {@code satisfied} dependencies, which must not make it READY: only the count
   * changes.
   */
  TaskRow withSatisfiedCount(int satisfied) {
    if (satisfied >= depsTotal && state == TaskState.BLOCKED) {
      throw new IllegalStateException(taskKey + ": a count that makes the task READY needs its event");
    }
    return counting(satisfied, readyAt, rowVersion);
  }

  private TaskRow counting(int satisfied, Optional<Instant> at, String eventId) {
    boolean ready = satisfied >= depsTotal && state == TaskState.BLOCKED;
    return new TaskRow(
        runId, taskKey, ready ? TaskState.READY : state, attempt, attemptId, dispatchedAt, workerId,
        startedAt, completedAt, errorMessage, errorCategory, failures, depsTotal, satisfied,
        maxAttempts, heartbeatTimeoutSec, retryBackoffSec, retryMaxBackoffSec, workerQueue,
        lastHeartbeatAt, ready ? at : readyAt, assetKey, partitionKey,
        requiresVisibleOutput, materializationId, outputVisibilityState, publishedAt, publishError,
        retryNotBefore, deltaTable, deltaVersion, deltaPartition, executionLineageRef,
        ready ? eventId : rowVersion);
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable copy used by the fold to derive the next row. */
  static final class Builder {
    String runId;
    String taskKey;
    TaskState state;
    int attempt;
    Optional<String> attemptId;
    Optional<Instant> dispatchedAt;
    Optional<String> workerId;
    Optional<Instant> startedAt;
    Optional<Instant> completedAt;
    Optional<String> errorMessage;
    Optional<ErrorCategory> errorCategory;
    List<AttemptFailure> failures;
    int depsTotal;
    int depsSatisfiedCount;
    int maxAttempts;
    int heartbeatTimeoutSec;
    Optional<Integer> retryBackoffSec;
    Optional<Integer> retryMaxBackoffSec;
    String workerQueue;
    Optional<Instant> lastHeartbeatAt;
    Optional<Instant> readyAt;
    Optional<String> assetKey;
    Optional<String> partitionKey;
    boolean requiresVisibleOutput;
    Optional<String> materializationId;
    Optional<OutputVisibilityState> outputVisibilityState;
    Optional<Instant> publishedAt;
    Optional<String> publishError;
    Optional<Instant> retryNotBefore;
    Optional<String> deltaTable;
    Optional<Long> deltaVersion;
    Optional<String> deltaPartition;
    Optional<String> executionLineageRef;
    String rowVersion;

    Builder(TaskRow r) {
      runId = r.runId;
      taskKey = r.taskKey;
      state = r.state;
      attempt = r.attempt;
      attemptId = r.attemptId;
      dispatchedAt = r.dispatchedAt;
      workerId = r.workerId;
      startedAt = r.startedAt;
      completedAt = r.completedAt;
      errorMessage = r.errorMessage;
      errorCategory = r.errorCategory;
      failures = r.failures;
      depsTotal = r.depsTotal;
      depsSatisfiedCount = r.depsSatisfiedCount;
      maxAttempts = r.maxAttempts;
      heartbeatTimeoutSec = r.heartbeatTimeoutSec;
      retryBackoffSec = r.retryBackoffSec;
      retryMaxBackoffSec = r.retryMaxBackoffSec;
      workerQueue = r.workerQueue;
      lastHeartbeatAt = r.lastHeartbeatAt;
      readyAt = r.readyAt;
      assetKey = r.assetKey;
      partitionKey = r.partitionKey;
      requiresVisibleOutput = r.requiresVisibleOutput;
      materializationId = r.materializationId;
      outputVisibilityState = r.outputVisibilityState;
      publishedAt = r.publishedAt;
      publishError = r.publishError;
      retryNotBefore = r.retryNotBefore;
      deltaTable = r.deltaTable;
      deltaVersion = r.deltaVersion;
      deltaPartition = r.deltaPartition;
      executionLineageRef = r.executionLineageRef;
      rowVersion = r.rowVersion;
    }

    TaskRow build() {
      return new TaskRow(
          runId,
          taskKey,
          state,
          attempt,
          attemptId,
          dispatchedAt,
          workerId,
          startedAt,
          completedAt,
          errorMessage,
          errorCategory,
          failures,
          depsTotal,
          depsSatisfiedCount,
          maxAttempts,
          heartbeatTimeoutSec,
          retryBackoffSec,
          retryMaxBackoffSec,
          workerQueue,
          lastHeartbeatAt,
          readyAt,
          assetKey,
          partitionKey,
          requiresVisibleOutput,
          materializationId,
          outputVisibilityState,
          publishedAt,
          publishError,
          retryNotBefore,
          deltaTable,
          deltaVersion,
          deltaPartition,
          executionLineageRef,
          rowVersion);
    }
  }
}
