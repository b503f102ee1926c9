package io.arco.flow.model;

/**
 * Category of a worker error (flow-model part 1 §4.9). USER_CODE, INFRASTRUCTURE and TIMEOUT are
 * retryable unless the error says otherwise; the rest are not.
 */
public enum ErrorCategory {
  USER_CODE(true),
  DATA_QUALITY(false),
  INFRASTRUCTURE(true),
  CONFIGURATION(false),
  TIMEOUT(true),
  CANCELLED(false);

  private final boolean retryableByDefault;

  ErrorCategory(boolean retryableByDefault) {
    this.retryableByDefault = retryableByDefault;
  }

  public boolean retryableByDefault() {
    return retryableByDefault;
  }
}
