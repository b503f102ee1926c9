package io.arco.flow.engine;

import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskMetrics;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.model.TaskOutcome;
import java.time.Instant;
import java.util.Optional;

/** Requests and answers of the three worker callbacks (api-contract §12.4–12.6). */
public final class TaskCallbacks {
  private TaskCallbacks() {}

  public record Started(String pathTaskId, TaskTokenClaims claims, int attempt, String attemptId, String workerId) {}

  public record Heartbeat(
      String pathTaskId,
      TaskTokenClaims claims,
      int attempt,
      String attemptId,
      String workerId,
      Optional<Integer> progressPct,
      Optional<String> message) {}

  public record Completed(
      String pathTaskId,
      TaskTokenClaims claims,
      int attempt,
      String attemptId,
      String workerId,
      TaskOutcome outcome,
      Optional<TaskOutput> output,
      Optional<TaskError> error,
      Optional<TaskMetrics> metrics,
      Optional<String> cancelledDuringPhase,
      Optional<String> partialProgressJson) {}

  /** A worker's log upload for one attempt, authorised by its task token. */
  public record Logs(String pathTaskId, TaskTokenClaims claims, int attempt, String stdout, String stderr) {}

  public record StartedAck(Instant serverTime) {}

  /** Heartbeat answer; {@code lease} lets the api mint a fresh token for the current attempt. */
  public record HeartbeatAck(
      boolean shouldCancel, Optional<String> cancelReason, Instant serverTime, LeasedTask lease) {}

  public record CompletedAck(TaskOutcome finalState, Instant serverTime) {}
}
