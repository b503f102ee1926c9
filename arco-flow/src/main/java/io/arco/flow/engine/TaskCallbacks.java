package io.arco.flow.engine;

import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskMetrics;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.model.TaskOutcome;
import java.time.Instant;
import java.util.Optional;

/** Requests and answers of the three worker callbacks (api-contract §12.4–12.6). */
public final class TaskCallbacks {
  private TaskCallbacks() {}

  public record Started(String pathTaskId, TaskTokenClaims claims, int attempt, String attemptId, String workerId)
      implements Report {}

  public record Heartbeat(
      String pathTaskId,
      TaskTokenClaims claims,
      int attempt,
      String attemptId,
      String workerId,
      Optional<Integer> progressPct,
      Optional<String> message)
      implements Report {}

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
      Optional<String> partialProgressJson)
      implements Report {}

  /** A worker's log upload for one attempt, authorised by its task token. */
  public record Logs(String pathTaskId, TaskTokenClaims claims, int attempt, String stdout, String stderr) {}

  /**
   * A chunk of an attempt's live output (an addition): {@code text} starts at byte {@code offset}
   * of the attempt's {@code stream}.
   */
  public record LiveLog(
      String pathTaskId, TaskTokenClaims claims, int attempt, LogStream stream, long offset, String text) {}

  public record StartedAck(Instant serverTime) implements Ack {}

  /** Heartbeat answer; {@code lease} lets the api mint a fresh token for the current attempt. */
  public record HeartbeatAck(
      boolean shouldCancel, Optional<String> cancelReason, Instant serverTime, LeasedTask lease)
      implements Ack {}

  public record CompletedAck(TaskOutcome finalState, Instant serverTime) implements Ack {}

  /** One report of a batch of callbacks: what its single route would receive. */
  public sealed interface Report permits Started, Heartbeat, Completed {
    String pathTaskId();

    TaskTokenClaims claims();
  }

  /** The answer its single route would give to an accepted report. */
  public sealed interface Ack permits StartedAck, HeartbeatAck, CompletedAck {}

  /** The answer to one report of a batch: accepted, or refused as its single route would refuse it. */
  public sealed interface ReportAnswer {
    record Accepted(Ack ack) implements ReportAnswer {}

    record Refused(FlowError error) implements ReportAnswer {}
  }

  /** The most reports one batch may hold (the most tasks one poll may lease). */
  public static final int MAX_REPORTS = 100;

  /**
   * @throws FlowException 400 {@code reports must hold between 1 and 100 reports}
   */
  public static void checkReportCount(int n) {
    if (n < 1 || n > MAX_REPORTS) {
      throw FlowException.invalid("reports must hold between 1 and " + MAX_REPORTS + " reports");
    }
  }
}
