package io.arco.flow.model;

import java.util.Objects;
import java.util.Optional;

/** A worker error; {@code retryable} is normalised to its effective value before writing. */
public record TaskError(
    ErrorCategory category, String message, Optional<String> stackTrace, Optional<Boolean> retryable) {
  public TaskError {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(message, "message");
    stackTrace = stackTrace == null ? Optional.empty() : stackTrace;
    retryable = retryable == null ? Optional.empty() : retryable;
  }

  /** Whether this error allows another attempt: the explicit flag, else the category default. */
  public boolean effectiveRetryable() {
    return retryable.orElse(category.retryableByDefault());
  }
}
