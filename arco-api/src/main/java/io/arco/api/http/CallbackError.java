package io.arco.api.http;

import java.util.Optional;

/**
 * The task router's error body (api-contract §12.3) plus {@code requestId}. Only {@link
 * ErrorMapper} builds one (the api's architecture test checks it).
 */
public record CallbackError(
    int status,
    String error,
    String message,
    Optional<String> state,
    Optional<Integer> expectedAttempt,
    Optional<Integer> receivedAttempt,
    Optional<String> expectedAttemptId,
    Optional<String> receivedAttemptId) {}
