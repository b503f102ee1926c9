package io.arco.flow.engine;

import java.util.Optional;

/**
 * The verified claims of a task token (api-contract §12.1). The api verifies the signature and
 * expiry; the engine checks the claims against the stored task in the contract's order.
 */
public record TaskTokenClaims(
    String taskId,
    String tenantId,
    String workspaceId,
    Optional<String> runId,
    Optional<Integer> attempt,
    Optional<String> attemptId) {}
