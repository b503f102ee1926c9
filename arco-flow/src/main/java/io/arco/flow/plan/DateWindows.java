package io.arco.flow.plan;

import io.arco.flow.plan.PartitionValue.DateValue;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * Day, week or month windows whose first day lies in {@code [from, to]}, keyed by that day's
 * {@code d:} date (weeks start on Monday, months on the 1st). Window {@code i} is {@code first} plus
 * {@code i} units.
 */
record DateWindows(TimeGranularity granularity, LocalDate first, long size) implements TimeWindows {

  DateWindows {
    if (!granularity.isDateKeyed()) {
      throw new IllegalArgumentException("not a date granularity: " + granularity);
    }
  }

  /** The windows whose first day lies in the inclusive epoch-day range {@code [from, to]}. */
  static DateWindows between(TimeGranularity granularity, long fromEpochDay, long toEpochDay) {
    LocalDate first = alignUp(granularity, LocalDate.ofEpochDay(fromEpochDay));
    LocalDate last = alignDown(granularity, LocalDate.ofEpochDay(toEpochDay));
    long size = first.isAfter(last) ? 0 : unit(granularity).between(first, last) + 1;
    return new DateWindows(granularity, first, size);
  }

  /** Whether {@code date} is the first day of a window. */
  static boolean isWindowStart(TimeGranularity granularity, LocalDate date) {
    return alignDown(granularity, date).equals(date);
  }

  @Override
  public PartitionValue at(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("window " + index + " of " + size);
    }
    LocalDate d = first.plus(index, unit(granularity));
    return new DateValue(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
  }

  private static ChronoUnit unit(TimeGranularity g) {
    return switch (g) {
      case DAY -> ChronoUnit.DAYS;
      case WEEK -> ChronoUnit.WEEKS;
      case MONTH -> ChronoUnit.MONTHS;
      case HOUR -> throw new IllegalArgumentException("hour windows are not dates");
    };
  }

  private static LocalDate alignDown(TimeGranularity g, LocalDate d) {
    return switch (g) {
      case DAY -> d;
      case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> d.withDayOfMonth(1);
      case HOUR -> throw new IllegalArgumentException("hour windows are not dates");
    };
  }

  private static LocalDate alignUp(TimeGranularity g, LocalDate d) {
    LocalDate down = alignDown(g, d);
    return down.equals(d) ? d : down.plus(1, unit(g));
  }
}
