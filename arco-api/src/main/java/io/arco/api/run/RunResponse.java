package io.arco.api.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /runs/{id}} (api-contract §4.1). {@code labels} is always present; {@code
 * queueReasons} (decisions §2.7, §6.6) only while a concurrency limit holds the run PENDING.
 */
public record RunResponse(
    String runId,
    String workspaceId,
    String planId,
    String state,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> completedAt,
    List<TaskSummary> tasks,
    TaskCountsJson taskCounts,
    Map<String, String> labels,
    Optional<String> parentRunId,
    Optional<String> rerunKind,
    Optional<String> rerunReason,
    Optional<String> runKey,
    Optional<String> codeVersion,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<QueueReasonJson> queueReasons) {

  /**
   * Why a run is held: {@code kind} {@code MAX_CONCURRENT_RUNS} or {@code LABEL_LIMIT} (with {@code
   * label} and, for a limit on one value, {@code value}), the limit and the slots of it taken.
   */
  public record QueueReasonJson(
      String kind, Optional<String> label, Optional<String> value, int limit, int inProgress) {}

  /** {@code taskCounts} of a run response. */
  public record TaskCountsJson(
      int total, int pending, int queued, int running, int succeeded, int failed, int skipped, int cancelled) {}

  /** One task of a run response (api-contract §4.2); {@code partitionKey} is an Arco addition. */
  public record TaskSummary(
      String taskKey,
      Optional<String> assetKey,
      Optional<String> partitionKey,
      String state,
      int attempt,
      Optional<Instant> startedAt,
      Optional<Instant> completedAt,
      Optional<String> errorMessage,
      Optional<String> executionLineageRef,
      Optional<String> deltaTable,
      Optional<Long> deltaVersion,
      Optional<String> deltaPartition,
      Optional<RetryAttributionJson> retryAttribution,
      Optional<SkipAttributionJson> skipAttribution,
      Optional<String> outputVisibilityState,
      Optional<Instant> publishedAt,
      Optional<String> publishError) {}

  public record RetryAttributionJson(
      int retries, String reason, Optional<PriorAttemptErrorJson> priorAttemptError) {}

  /** The prior attempt's failure: its number, error category (when known) and message. */
  public record PriorAttemptErrorJson(int attempt, Optional<String> category, String message) {}

  public record SkipAttributionJson(String upstreamTaskKey, String upstreamResolution) {}
}
