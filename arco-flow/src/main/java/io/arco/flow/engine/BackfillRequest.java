package io.arco.flow.engine;

import io.arco.flow.model.PartitionSelector;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /backfills} as the engine receives it (api-contract §10.1): the selection and selector
 * as sent, the idempotency key ({@code body.clientRequestId ?? Idempotency-Key}), and chunk size
 * and concurrency as sent (0 means the defaults 10 and 2).
 */
public record BackfillRequest(
    List<String> assetSelection,
    PartitionSelector partitionSelector,
    Optional<String> clientRequestId,
    long chunkSize,
    long maxConcurrentRuns) {
  public BackfillRequest {
    assetSelection = List.copyOf(assetSelection);
    Objects.requireNonNull(partitionSelector, "partitionSelector");
    Objects.requireNonNull(clientRequestId, "clientRequestId");
  }
}
