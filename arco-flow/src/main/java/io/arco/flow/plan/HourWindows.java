package io.arco.flow.plan;

import io.arco.flow.plan.PartitionValue.TimestampValue;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hourly windows of a time zone whose start lies in an inclusive range of epoch seconds, keyed by
 * the {@code t:} UTC instant of their start. A window starts wherever the zone's local time is on
 * the hour, so windows are local hours: a local hour skipped by a daylight-saving gap does not
 * exist, and a local hour repeated by an overlap appears twice, with distinct instants.
 *
 * <p>Between two offset transitions window starts are exactly one hour apart, so the range is cut
 * into those segments (a handful per year) and window {@code i} is found by a binary search over
 * the segments' cumulative counts: nothing is materialised per window.
 */
final class HourWindows implements TimeWindows {
  private static final long HOUR = 3600;

  /** Epoch second of each segment's first window. */
  private final long[] firstStart;

  /** Windows before each segment. */
  private final long[] before;

  private final long size;

  private HourWindows(long[] firstStart, long[] before, long size) {
    this.firstStart = firstStart;
    this.before = before;
    this.size = size;
  }

  /** The windows of {@code zone} starting within {@code [fromSecond, toSecond]} (epoch seconds). */
  static HourWindows between(ZoneId zone, long fromSecond, long toSecond) {
    ZoneRules rules = zone.getRules();
    List<long[]> segments = new ArrayList<>();
    long total = 0;
    long cur = fromSecond;
    while (cur <= toSecond) {
      Instant at = Instant.ofEpochSecond(cur);
      long offset = rules.getOffset(at).getTotalSeconds();
      ZoneOffsetTransition next = rules.nextTransition(at);
      long end = next == null ? toSecond + 1 : Math.min(next.toEpochSecond(), toSecond + 1);
      long first = cur + Math.floorMod(-(cur + offset), HOUR);
      if (first < end) {
        segments.add(new long[] {first, total});
        total += (end - 1 - first) / HOUR + 1;
      }
      cur = end;
    }
    long[] starts = new long[segments.size()];
    long[] counts = new long[segments.size()];
    for (int i = 0; i < segments.size(); i++) {
      starts[i] = segments.get(i)[0];
      counts[i] = segments.get(i)[1];
    }
    return new HourWindows(starts, counts, total);
  }

  /** Whether {@code at} is the start of a local hour of {@code zone}. */
  static boolean isWindowStart(ZoneId zone, Instant at) {
    long offset = zone.getRules().getOffset(at).getTotalSeconds();
    return at.getNano() == 0 && Math.floorMod(at.getEpochSecond() + offset, HOUR) == 0;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public PartitionValue at(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("window " + index + " of " + size);
    }
    int found = Arrays.binarySearch(before, index);
    int segment = found >= 0 ? found : -found - 2;
    return new TimestampValue(
        Instant.ofEpochSecond(firstStart[segment] + (index - before[segment]) * HOUR));
  }
}
