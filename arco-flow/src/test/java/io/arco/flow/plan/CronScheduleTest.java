package io.arco.flow.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void aDailyCronFiresOncePerDayStrictlyAfterTheStart() {
    CronSchedule daily = CronSchedule.of("0 10 * * *", "UTC");

    assertThat(daily.between(t("2025-01-14T10:00:00Z"), t("2025-01-16T10:30:00Z")))
        .containsExactly(t("2025-01-15T10:00:00Z"), t("2025-01-16T10:00:00Z"));
  }

  @Test
  void localTimesThatDoNotExistInADstGapAreSkipped() {
    CronSchedule at230 = CronSchedule.of("30 2 * * *", "America/New_York");

    assertThat(at230.between(t("2025-03-08T00:00:00Z"), t("2025-03-11T00:00:00Z")))
        .containsExactly(t("2025-03-08T07:30:00Z"), t("2025-03-10T06:30:00Z"));
  }

  @Test
  void aRepeatedLocalTimeInADstOverlapFiresOnceAtItsFirstInstant() {
    CronSchedule hourly = CronSchedule.of("0 * * * *", "America/New_York");

    assertThat(hourly.between(t("2025-11-02T04:30:00Z"), t("2025-11-02T07:30:00Z")))
        .containsExactly(t("2025-11-02T05:00:00Z"), t("2025-11-02T07:00:00Z"));
  }

  @Test
  void sundayIsZeroOrSevenAsInUnixCron() {
    Instant start = t("2025-01-10T00:00:00Z");
    Instant end = t("2025-01-13T00:00:00Z");

    assertThat(CronSchedule.of("0 0 * * 0", "UTC").between(start, end)).containsExactly(t("2025-01-12T00:00:00Z"));
    assertThat(CronSchedule.of("0 0 * * 7", "UTC").between(start, end)).containsExactly(t("2025-01-12T00:00:00Z"));
  }

  @Test
  void whenDayOfMonthAndDayOfWeekAreBothRestrictedEitherMatches() {
    CronSchedule firstOrMonday = CronSchedule.of("0 0 1 * 1", "UTC");

    assertThat(firstOrMonday.between(t("2025-01-31T00:00:00Z"), t("2025-02-11T00:00:00Z")))
        .containsExactly(t("2025-02-01T00:00:00Z"), t("2025-02-03T00:00:00Z"), t("2025-02-10T00:00:00Z"));
  }

  @Test
  void sixFieldsPutSecondsFirst() {
    CronSchedule everyThirtySeconds = CronSchedule.of("*/30 * * * * *", "UTC");

    assertThat(everyThirtySeconds.between(t("2025-01-01T00:00:00Z"), t("2025-01-01T00:01:00Z")))
        .containsExactly(t("2025-01-01T00:00:30Z"), t("2025-01-01T00:01:00Z"));
  }

  @Test
  void weekdaysInAZoneAreLocalWeekdays() {
    CronSchedule weekdays = CronSchedule.of("0 9 * * 1-5", "Europe/Paris");

    assertThat(weekdays.between(t("2025-01-10T00:00:00Z"), t("2025-01-14T00:00:00Z")))
        .containsExactly(t("2025-01-10T08:00:00Z"), t("2025-01-13T08:00:00Z"));
  }
}
