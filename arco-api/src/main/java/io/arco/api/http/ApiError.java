package io.arco.api.http;

import java.util.Optional;

/**
 * An HTTP error answer: status plus the JSON envelope {@code {code, message, requestId,
 * details?}} (decisions §1, §6.1). Callback errors use {@link CallbackError} instead.
 */
public record ApiError(int status, String code, String message, Optional<Object> details) {
  public static ApiError of(int status, String code, String message) {
    return new ApiError(status, code, message, Optional.empty());
  }
}
