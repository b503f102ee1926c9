package io.arco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsTest {
  private static final long[] ONE_TO_HUNDRED = LongStream.rangeClosed(1, 100).toArray();

  @Test
  void percentilesAreTheNearestRankOfTheSortedSamples() {
    assertThat(Stats.percentile(ONE_TO_HUNDRED, 50)).isEqualTo(50);
    assertThat(Stats.percentile(ONE_TO_HUNDRED, 99)).isEqualTo(99);
    assertThat(Stats.percentile(ONE_TO_HUNDRED, 100)).isEqualTo(100);
    assertThat(Stats.percentile(ONE_TO_HUNDRED, 0.5)).isEqualTo(1);
  }

  @Test
  void withFewerThanHundredSamplesTheP99IsTheLargest() {
    long[] ten = LongStream.rangeClosed(1, 10).toArray();

    assertThat(Stats.percentile(ten, 99)).isEqualTo(10);
    assertThat(Stats.percentile(ten, 50)).isEqualTo(5);
    assertThat(Stats.percentile(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void percentilesOutsideZeroToHundredOrOfNoSamplesAreRefused() {
    assertThatThrownBy(() -> Stats.percentile(ONE_TO_HUNDRED, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(ONE_TO_HUNDRED, 101)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleSamples() {
    assertThat(Stats.median(new double[] {300, 100, 200})).isEqualTo(200);
    assertThat(Stats.median(new double[] {400, 100, 300, 200})).isEqualTo(250);
  }

  @Test
  void latenciesSummariseEachRouteAndIgnoreRequestsBeforeStart() {
    Latencies l = new Latencies();
    l.record("GET /runs", 999_000_000, true); // before start: warm-up
    l.start();
    for (int i = 1; i <= 100; i++) {
      l.record("GET /runs", i * 1_000_000L, i != 100);
    }
    l.record("POST /runs", 3_000_000, true);
    l.stop();
    l.record("POST /runs", 999_000_000, true); // after stop

    assertThat(l.summaries())
        .containsExactly(
            new Latencies.Summary("GET /runs", 100, 1, 50.0, 99.0, 100.0),
            new Latencies.Summary("POST /runs", 1, 0, 3.0, 3.0, 3.0));
  }
}
