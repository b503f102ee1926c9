package io.arco.flow.model;

import java.time.Instant;
import java.util.Optional;

/** Worker output metadata of an attempt (worker contract, camelCase on the wire). */
public record TaskOutput(
    Optional<String> materializationId,
    Optional<Long> rowCount,
    Optional<Long> byteSize,
    Optional<String> outputPath,
    Optional<String> deltaTable,
    Optional<Long> deltaVersion,
    Optional<String> deltaPartition,
    Optional<OutputVisibilityState> outputVisibilityState,
    Optional<Instant> publishedAt,
    Optional<String> publishError) {
  public TaskOutput {
    materializationId = materializationId == null ? Optional.empty() : materializationId;
    rowCount = rowCount == null ? Optional.empty() : rowCount;
    byteSize = byteSize == null ? Optional.empty() : byteSize;
    outputPath = outputPath == null ? Optional.empty() : outputPath;
    deltaTable = deltaTable == null ? Optional.empty() : deltaTable;
    deltaVersion = deltaVersion == null ? Optional.empty() : deltaVersion;
    deltaPartition = deltaPartition == null ? Optional.empty() : deltaPartition;
    outputVisibilityState = outputVisibilityState == null ? Optional.empty() : outputVisibilityState;
    publishedAt = publishedAt == null ? Optional.empty() : publishedAt;
    publishError = publishError == null ? Optional.empty() : publishError;
  }

  public static TaskOutput empty() {
    return new TaskOutput(null, null, null, null, null, null, null, null, null, null);
  }
}
