package io.arco.flow.testing;

import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunCancelRequested;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.TaskError;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.event.TriggerInfo;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskOutcome;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders of events that read as English in tests. */
public final class Events {
  private Events() {}

  public static RunTriggered runTriggered(String runId) {
    return runTriggered(runId, Optional.empty());
  }

  public static RunTriggered runTriggered(String runId, Optional<String> runKey) {
    return new RunTriggered(
        runId,
        "plan-" + runId,
        new TriggerInfo.Manual("tester"),
        List.of(),
        runKey,
        Map.of(),
        Optional.of("code-1"),
        Optional.empty(),
        runKey.map(k -> "fp-" + k),
        Optional.of("manual"));
  }

  /** A manual run carrying {@code labels}. */
  public static RunTriggered runTriggered(String runId, Map<String, String> labels) {
    return new RunTriggered(
        runId,
        "plan-" + runId,
        new TriggerInfo.Manual("tester"),
        List.of(),
        Optional.empty(),
        labels,
        Optional.of("code-1"),
        Optional.empty(),
        Optional.empty(),
        Optional.of("manual"));
  }

  /** A settings change to {@code maxConcurrentRuns} (when given) and {@code labelLimits}. */
  public static io.arco.flow.event.WorkspaceSettingsChanged settings(
      Optional<Integer> maxConcurrentRuns, io.arco.flow.model.LabelLimit... labelLimits) {
    return new io.arco.flow.event.WorkspaceSettingsChanged(maxConcurrentRuns, List.of(labelLimits));
  }

  /** A task definition {@code key} depending on {@code deps}. */
  public static TaskDef task(String key, String... deps) {
    return TaskDef.of(key, Arrays.asList(deps));
  }

  public static PlanCreated plan(String runId, TaskDef... tasks) {
    return new PlanCreated(runId, "plan-" + runId, List.of(tasks));
  }

  public static String attemptId(String runId, String taskKey, int attempt) {
    return Ids.attemptId(runId, taskKey, attempt);
  }

  public static DispatchRequested dispatch(String runId, String taskKey, int attempt) {
    return new DispatchRequested(
        runId,
        taskKey,
        attempt,
        attemptId(runId, taskKey, attempt),
        TaskDef.DEFAULT_QUEUE,
        Ids.dispatchId(runId, taskKey, attempt));
  }

  public static DispatchEnqueued enqueued(String runId, String taskKey, int attempt, String worker) {
    return new DispatchEnqueued(
        Ids.dispatchId(runId, taskKey, attempt),
        Optional.of(runId),
        Optional.of(taskKey),
        Optional.of(attempt),
        Optional.of(worker));
  }

  public static TaskStarted started(String runId, String taskKey, int attempt) {
    return new TaskStarted(runId, taskKey, attempt, attemptId(runId, taskKey, attempt), "w1");
  }

  public static TaskHeartbeat heartbeat(String runId, String taskKey, int attempt, Instant at) {
    return new TaskHeartbeat(
        runId,
        taskKey,
        attempt,
        attemptId(runId, taskKey, attempt),
        "w1",
        Optional.of(at),
        Optional.empty(),
        Optional.empty());
  }

  public static TaskCompletionRecorded succeeded(String runId, String taskKey, int attempt) {
    return completion(runId, taskKey, attempt, TaskOutcome.SUCCEEDED, Optional.empty(), Optional.empty());
  }

  public static TaskCompletionRecorded succeeded(
      String runId, String taskKey, int attempt, TaskOutput output) {
    return completion(
        runId, taskKey, attempt, TaskOutcome.SUCCEEDED, Optional.of(output), Optional.empty());
  }

  /** A retryable USER_CODE failure. */
  public static TaskCompletionRecorded failed(String runId, String taskKey, int attempt) {
    return failed(runId, taskKey, attempt, ErrorCategory.USER_CODE);
  }

  public static TaskCompletionRecorded failed(
      String runId, String taskKey, int attempt, ErrorCategory category) {
    return completion(
        runId,
        taskKey,
        attempt,
        TaskOutcome.FAILED,
        Optional.empty(),
        Optional.of(
            new TaskError(
                category,
                "boom " + taskKey,
                Optional.empty(),
                Optional.of(category.retryableByDefault()))));
  }

  public static TaskCompletionRecorded cancelledOutcome(String runId, String taskKey, int attempt) {
    return completion(runId, taskKey, attempt, TaskOutcome.CANCELLED, Optional.empty(), Optional.empty());
  }

  public static TaskCompletionRecorded completion(
      String runId,
      String taskKey,
      int attempt,
      TaskOutcome outcome,
      Optional<TaskOutput> output,
      Optional<TaskError> error) {
    return new TaskCompletionRecorded(
        runId,
        taskKey,
        attempt,
        attemptId(runId, taskKey, attempt),
        "w1",
        outcome,
        output.flatMap(TaskOutput::materializationId),
        error.map(TaskError::message),
        output,
        error,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(taskKey),
        Optional.empty(),
        Optional.of("code-1"),
        Optional.empty(),
        Optional.empty());
  }

  public static RunCancelRequested cancel(String runId) {
    return new RunCancelRequested(runId, Optional.of("test"), "tester");
  }

  public static TaskOutput output(String table, long version, String partition) {
    return new TaskOutput(
        Optional.of("mat-1"),
        Optional.of(10L),
        Optional.empty(),
        Optional.empty(),
        Optional.of(table),
        Optional.of(version),
        Optional.of(partition),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
