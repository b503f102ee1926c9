package io.arco.flow.plan;

import com.cronutils.model.time.ExecutionTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The instants a Unix cron expression fires in a time zone (decisions §1, flow-model §0.3.12).
 * Cron fields are matched against local wall-clock time; a local time that does not exist (DST
 * gap) is skipped, and a local time that exists twice (DST overlap) fires once, at its first
 * instant.
 */
public final class CronSchedule {
  /** More occurrences than any catch-up window can hold: a guard against runaway enumeration. */
  static final int MAX_OCCURRENCES = 100_000;

  private final ExecutionTime execution;
  private final ZoneId zone;

  private CronSchedule(ExecutionTime execution, ZoneId zone) {
    this.execution = execution;
    this.zone = zone;
  }

  /**
   * @throws IllegalArgumentException when the expression or the zone does not parse (stored
   *     definitions were validated, so this is a corrupt definition)
   */
  public static CronSchedule of(String expression, String timezone) {
    return new CronSchedule(ExecutionTime.forCron(UnixCron.parse(expression)), ZoneId.of(timezone));
  }

  /** Occurrences strictly after {@code after} and at or before {@code until}, ascending. */
  public List<Instant> between(Instant after, Instant until) {
    List<Instant> out = new ArrayList<>();
    if (!until.isAfter(after)) {
      return out;
    }
    // Walk local wall-clock times, represented as UTC date-times so the cron library never
    // applies the zone's DST rules itself.
    ZonedDateTime cursor = LocalDateTime.ofInstant(after, zone).atZone(ZoneOffset.UTC);
    LocalDateTime lastLocal = LocalDateTime.ofInstant(until, zone).plusHours(3);
    while (out.size() < MAX_OCCURRENCES) {
      Optional<ZonedDateTime> next = execution.nextExecution(cursor);
      if (next.isEmpty()) {
        break;
      }
      cursor = next.get();
      LocalDateTime local = cursor.toLocalDateTime();
      if (local.isAfter(lastLocal)) {
        break;
      }
      List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
      if (offsets.isEmpty()) {
        continue; // DST gap: this wall-clock time does not exist
      }
      Instant first = null;
      for (ZoneOffset offset : offsets) {
        Instant candidate = local.toInstant(offset);
        if (first == null || candidate.isBefore(first)) {
          first = candidate;
        }
      }
      if (!first.isAfter(after)) {
        continue;
      }
      if (first.isAfter(until)) {
        break;
      }
      out.add(first);
    }
    return out;
  }
}
