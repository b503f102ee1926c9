package io.arco.flow.engine;

import java.time.Instant;

/**
 * Answer of a manifest deploy (api-contract §2.1); {@code created} is false for an idempotent
 * replay under the same {@code Idempotency-Key}.
 */
public record DeployResult(
    String manifestId,
    String workspaceId,
    String codeVersionId,
    String fingerprint,
    int assetCount,
    Instant deployedAt,
    boolean created) {}
