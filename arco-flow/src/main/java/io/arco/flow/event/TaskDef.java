package io.arco.flow.event;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One planned task (flow-model part 1 §4.2), plus Arco's additions: the asset's retry backoff
 * (decisions §6.2, omitted when default) and its worker queue (omitted for {@code default-queue}).
 */
public record TaskDef(
    String key,
    List<String> dependsOn,
    Optional<String> assetKey,
    Optional<String> partitionKey,
    int maxAttempts,
    int heartbeatTimeoutSec,
    boolean requiresVisibleOutput,
    Optional<Integer> retryBackoffSec,
    Optional<Integer> retryMaxBackoffSec,
    Optional<String> workerQueue) {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final int DEFAULT_HEARTBEAT_TIMEOUT_SEC = 300;
  public static final String DEFAULT_QUEUE = "default-queue";

  public TaskDef {
    Objects.requireNonNull(key, "key");
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    assetKey = assetKey == null ? Optional.empty() : assetKey;
    partitionKey = partitionKey == null ? Optional.empty() : partitionKey;
    retryBackoffSec = retryBackoffSec == null ? Optional.empty() : retryBackoffSec;
    retryMaxBackoffSec = retryMaxBackoffSec == null ? Optional.empty() : retryMaxBackoffSec;
    workerQueue = workerQueue == null ? Optional.empty() : workerQueue;
    if (maxAttempts <= 0) {
      maxAttempts = DEFAULT_MAX_ATTEMPTS;
    }
    if (heartbeatTimeoutSec <= 0) {
      heartbeatTimeoutSec = DEFAULT_HEARTBEAT_TIMEOUT_SEC;
    }
  }

  /** An asset task with contract defaults: key = asset key, no partition, default retry. */
  public static TaskDef of(String key, List<String> dependsOn) {
    return new TaskDef(
        key,
        dependsOn,
        Optional.of(key),
        Optional.empty(),
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_HEARTBEAT_TIMEOUT_SEC,
        true,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public TaskDef withPartitionKey(Optional<String> pk) {
    return new TaskDef(
        key,
        dependsOn,
        assetKey,
        pk,
        maxAttempts,
        heartbeatTimeoutSec,
        requiresVisibleOutput,
        retryBackoffSec,
        retryMaxBackoffSec,
        workerQueue);
  }

  /** The same task under another key (a chunk run's {@code {assetKey}@{partitionKey}}). */
  public TaskDef withKey(String newKey) {
    return new TaskDef(
        newKey,
        dependsOn,
        assetKey,
        partitionKey,
        maxAttempts,
        heartbeatTimeoutSec,
        requiresVisibleOutput,
        retryBackoffSec,
        retryMaxBackoffSec,
        workerQueue);
  }

  public TaskDef withDependsOn(List<String> deps) {
    return new TaskDef(
        key,
        deps,
        assetKey,
        partitionKey,
        maxAttempts,
        heartbeatTimeoutSec,
        requiresVisibleOutput,
        retryBackoffSec,
        retryMaxBackoffSec,
        workerQueue);
  }

  public TaskDef withRetry(int maxAttempts, Optional<Integer> backoff, Optional<Integer> maxBackoff) {
    return new TaskDef(
        key,
        dependsOn,
        assetKey,
        partitionKey,
        maxAttempts,
        heartbeatTimeoutSec,
        requiresVisibleOutput,
        backoff,
        maxBackoff,
        workerQueue);
  }

  public TaskDef withHeartbeatTimeoutSec(int seconds) {
    return new TaskDef(
        key,
        dependsOn,
        assetKey,
        partitionKey,
        maxAttempts,
        seconds,
        requiresVisibleOutput,
        retryBackoffSec,
        retryMaxBackoffSec,
        workerQueue);
  }

  public TaskDef withWorkerQueue(Optional<String> queue) {
    return new TaskDef(
        key,
        dependsOn,
        assetKey,
        partitionKey,
        maxAttempts,
        heartbeatTimeoutSec,
        requiresVisibleOutput,
        retryBackoffSec,
        retryMaxBackoffSec,
        queue);
  }

  /** The queue workers must poll to lease this task. */
  public String queue() {
    return workerQueue.orElse(DEFAULT_QUEUE);
  }
}
