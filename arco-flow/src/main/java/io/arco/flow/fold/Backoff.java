package io.arco.flow.fold;

import java.time.Duration;
import java.util.Optional;

/**
 * Retry backoff (flow-model part 2 §4.2, decisions §6.10): the delay before attempt {@code n+1}
 * after attempt {@code n} failed is {@code min(base × 2^(n−1), cap)}; defaults base 30 s, cap 900 s,
 * no jitter.
 */
public final class Backoff {
  public static final int DEFAULT_BASE_SECONDS = 30;
  public static final int DEFAULT_CAP_SECONDS = 900;

  private Backoff() {}

  /** Delay after failed attempt {@code failedAttempt} (1-based). */
  public static Duration delay(int failedAttempt, Optional<Integer> baseSec, Optional<Integer> capSec) {
    long base = baseSec.orElse(DEFAULT_BASE_SECONDS);
    long cap = capSec.orElse(DEFAULT_CAP_SECONDS);
    int exponent = Math.max(0, Math.min(failedAttempt - 1, 30));
    long seconds = base << exponent;
    if (seconds < 0 || seconds > cap || (exponent > 0 && (seconds >> exponent) != base)) {
      seconds = cap;
    }
    return Duration.ofSeconds(Math.min(seconds, cap));
  }
}
