package io.arco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelineTest {
  private static final long MS = 1_000_000;

  @Test
  void pollsThatLeasedTasksAreListedByWhenTheirTasksCameBackInMillisecondsFromTheStart() {
    Timeline t = new Timeline();
    t.start();
    long base = System.nanoTime();
    t.record(1, base, base + 5 * MS, 8, base + 9 * MS);
    t.record(0, base + MS, base + 3 * MS, 2, base + 7 * MS);
    t.record(2, base, base + 4 * MS, 0, base + 4 * MS);

    assertThat(t.polls()).extracting(Timeline.Poll::worker).containsExactly(0, 1);
    String[] lines = t.csv().split("\n");
    assertThat(lines[0]).isEqualTo("worker,poll_sent_ms,tasks_back_ms,tasks,reports_answered_ms");
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).startsWith("0,").contains(",2,");
    assertThat(t.summary()).startsWith("2 polls leased tasks; wait in the poll p50 2.00 ms, p90 5.00 ms;")
        .endsWith("reports round trip p50 4.00 ms, p90 4.00 ms");
  }

  @Test
  void startingAgainForgetsThePreviousRun() {
    Timeline t = new Timeline();
    long now = System.nanoTime();
    t.record(0, now, now + MS, 1, now + 2 * MS);

    t.start();

    assertThat(t.polls()).isEmpty();
    assertThat(t.summary()).isEqualTo("no poll leased a task");
  }
}
