package io.arco.api.http;

import java.util.Optional;

/**
 * An HTTP error answer: status plus the JSON envelope {@code {code, message, requestId,
 * details?}} (decisions §1, §6.1). Callback errors use {@link CallbackError} instead. Only {@link
 * ErrorMapper} builds one (the api's architecture test checks it).
 */
public record ApiError(int status, String code, String message, Optional<Object> details) {}
