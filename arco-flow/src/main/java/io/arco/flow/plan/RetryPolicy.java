package io.arco.flow.plan;

/**
 * An asset's {@code execution.retry} (decisions §6.2): attempts in total (1–100, default 3), the
 * first backoff and its cap in seconds (defaults 30 and 900). The delay before attempt n+1 is
 * {@code min(backoffSeconds * 2^(n-1), maxBackoffSeconds)} (decisions §6.10), computed by the fold.
 */
public record RetryPolicy(int maxAttempts, int backoffSeconds, int maxBackoffSeconds) {
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final int DEFAULT_BACKOFF_SECONDS = 30;
  public static final int DEFAULT_MAX_BACKOFF_SECONDS = 900;
  public static final int MAX_ATTEMPTS_LIMIT = 100;

  /**
   * Upper bound of both backoff fields (one day). The contract sets none; a bound keeps the fold's
   * arithmetic far from overflow and catches unit mistakes (milliseconds written as seconds).
   */
  public static final int BACKOFF_LIMIT_SECONDS = 86_400;

  /** The contract defaults: 3 attempts, 30 s doubling, capped at 900 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF_SECONDS, DEFAULT_MAX_BACKOFF_SECONDS);

  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException("maxAttempts out of range: " + maxAttempts);
    }
    if (backoffSeconds < 0 || maxBackoffSeconds < backoffSeconds) {
      throw new IllegalArgumentException(
          "bad backoff: " + backoffSeconds + ".." + maxBackoffSeconds);
    }
  }
}
