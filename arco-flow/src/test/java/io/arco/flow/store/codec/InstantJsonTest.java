package io.arco.flow.store.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class InstantJsonTest {
  @Property(tries = 2000)
  void writesWhatInstantToStringWritesForEveryYearFrom0000To9999(
      @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 3) int precision) {
    int n =
        switch (precision) {
          case 0 -> 0;
          case 1 -> nanos / 1_000_000 * 1_000_000;
          case 2 -> nanos / 1_000 * 1_000;
          default -> nanos;
        };
    Instant instant = Instant.ofEpochSecond(seconds, n);

    assertThat(InstantJson.formatUncached(instant)).isEqualTo(instant.toString());
    assertThat(InstantJson.format(instant)).isEqualTo(instant.toString());
  }

  @Test
  void edgesOfTheFastRangeAndYearsBeyondItMatchInstantToString() {
    for (String text :
        List.of(
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.000000001Z",
            "2024-02-29T12:00:00.100Z",
            "2026-12-07T08:00:00.000100Z",
            "+10000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59Z")) {
      Instant instant = Instant.parse(text);
      assertThat(InstantJson.formatUncached(instant)).isEqualTo(instant.toString());
      assertThat(InstantJson.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void theSameInstantTwiceInARowIsWrittenTheSameAndAnotherOneIsNotMistakenForIt() {
    Instant a = Instant.parse("2026-12-07T08:00:00.123Z");
    Instant b = Instant.parse("2026-12-07T08:00:00.124Z");

    assertThat(InstantJson.format(a)).isEqualTo("2026-12-07T08:00:00.123Z");
    assertThat(InstantJson.format(a)).isEqualTo("2026-12-07T08:00:00.123Z");
    assertThat(InstantJson.format(b)).isEqualTo("2026-12-07T08:00:00.124Z");
  }
}
