package io.arco.flow.engine;

import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The test clock of decisions §2.3: stands still between moves and only moves forward. Enabled by
 * {@code --clock=manual}, never the default.
 */
public final class ManualClock implements InstantSource {
  private final AtomicReference<Instant> now;

  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(start.truncatedTo(ChronoUnit.MILLIS));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * Moves the clock to {@code target}.
   *
   * @throws IllegalArgumentException when {@code target} is before the current time
   */
  public Instant moveTo(Instant target) {
    Instant t = target.truncatedTo(ChronoUnit.MILLIS);
    return now.updateAndGet(
        cur -> {
          if (t.isBefore(cur)) {
            throw new IllegalArgumentException("clock can only move forward");
          }
          return t;
        });
  }
}
