package io.arco.flow.fold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void defaultBackoffDoublesFromThirtySecondsAndCapsAtFifteenMinutes() {
    long[] expected = {30, 60, 120, 240, 480, 900, 900, 900};
    for (int attempt = 1; attempt <= expected.length; attempt++) {
      assertThat(Backoff.delay(attempt, Optional.empty(), Optional.empty()))
          .isEqualTo(Duration.ofSeconds(expected[attempt - 1]));
    }
  }

  @Test
  void hugeAttemptNumbersNeverOverflowPastTheCap() {
    assertThat(Backoff.delay(1_000_000, Optional.of(Integer.MAX_VALUE), Optional.of(3600)))
        .isEqualTo(Duration.ofSeconds(3600));
  }
}
