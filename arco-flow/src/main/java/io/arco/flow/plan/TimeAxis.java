package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.plan.PartitionDimension.TimeDimension;
import io.arco.flow.plan.PartitionValue.BoolValue;
import io.arco.flow.plan.PartitionValue.DateValue;
import io.arco.flow.plan.PartitionValue.IntValue;
import io.arco.flow.plan.PartitionValue.NullValue;
import io.arco.flow.plan.PartitionValue.StringValue;
import io.arco.flow.plan.PartitionValue.TimestampValue;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time dimension with a known granularity, interpreted (decisions §6.5): its zone, its value
 * format and its inclusive bounds on window starts. Positions on the axis are epoch days for the
 * date-keyed granularities ({@code day}, {@code week}, {@code month}) and epoch seconds for {@code
 * hour}.
 *
 * <ul>
 *   <li><b>Windows.</b> A {@code week} starts on Monday, a {@code month} on the 1st; both are keyed
 *       by the {@code d:} date of their first day. An {@code hour} is a local hour of the zone,
 *       keyed by the {@code t:} UTC instant of its start: in a daylight-saving gap the skipped
 *       local hour does not exist; in an overlap the repeated local hour appears twice, with
 *       distinct instants (Europe/Berlin on 2025-10-26 has 25 hourly windows, on 2025-03-30 23).
 *       The zone does not change date keys.
 *   <li><b>Bounds</b> ({@code start}, {@code end}, selector bounds) are {@code YYYY-MM-DD}, for
 *       {@code hour} also an RFC 3339 instant, or text in the dimension's {@code format}. A window
 *       is within bounds when its start is; for {@code hour} a date means that whole local day.
 *       Dates run from 1970-01-01 to 9999-12-31, like the key grammar.
 *   <li><b>Format.</b> Plain-string values and bounds are read with the {@code format} pattern
 *       first (locale-independent; the text must format back to itself, so {@code 2025-02-30} is
 *       refused rather than moved), then in the standard forms above. A month format may omit the
 *       day; an hour format without an offset is local time in the zone, where an ambiguous time
 *       means its first occurrence and a skipped one is refused.
 * </ul>
 */
final class TimeAxis {
  static final LocalDate MIN_DATE = LocalDate.of(1970, 1, 1);
  static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
  private static final Instant MIN_INSTANT = MIN_DATE.atStartOfDay(ZoneOffset.UTC).toInstant();
  private static final Instant AFTER_MAX_INSTANT =
      MAX_DATE.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  private static final String OPEN = "...";
  private static final Pattern PLAIN_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern RFC3339 =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[Tt"
              + " ](\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d+))?([Zz]|[+-]\\d{2}:\\d{2})");
  private static final LocalDate SAMPLE = LocalDate.of(2025, 1, 6);

  private final String name;
  private final TimeGranularity granularity;
  private final ZoneId zone;
  private final Optional<String> pattern;
  private final Optional<DateTimeFormatter> format;
  private final Optional<String> startText;
  private final Optional<String> endText;
  private final long lower;
  private final long upper;

  private TimeAxis(
      String name,
      TimeGranularity granularity,
      ZoneId zone,
      Optional<String> pattern,
      Optional<DateTimeFormatter> format,
      Optional<String> startText,
      Optional<String> endText,
      long lower,
      long upper) {
    this.name = name;
    this.granularity = granularity;
    this.zone = zone;
    this.pattern = pattern;
    this.format = format;
    this.startText = startText;
    this.endText = endText;
    this.lower = lower;
    this.upper = upper;
  }

  /**
   * The axis of a time dimension whose granularity is known, with its settings checked in the
   * order timezone, format, start, end.
   *
   * @throws FlowException {@code InvalidRequest} naming the bad setting: {@code time dimension
   *     '{n}' has invalid timezone '{z}'}, {@code … has invalid format '{p}'}, {@code … has invalid
   *     start '{v}'}, {@code … has invalid end '{v}'}, {@code time dimension '{n}' start '{s}' is
   *     after end '{e}'}
   * @throws IllegalArgumentException when the granularity is absent or unknown
   */
  static TimeAxis of(TimeDimension dim) {
    TimeGranularity g =
        dim.knownGranularity()
            .orElseThrow(() -> new IllegalArgumentException("no known granularity: " + dim));
    String n = dim.name();
    String tz = dim.timezone().orElse(TimeDimension.DEFAULT_TIMEZONE);
    if (!ManifestParser.isIanaZone(tz)) {
      throw FlowException.invalid("time dimension '" + n + "' has invalid timezone '" + tz + "'");
    }
    ZoneId zone = ZoneId.of(tz);
    Optional<DateTimeFormatter> format = Optional.empty();
    if (dim.format().isPresent()) {
      format = Optional.of(formatter(n, g, zone, dim.format().get()));
    }
    TimeAxis open =
        new TimeAxis(
            n, g, zone, dim.format(), format, Optional.empty(), Optional.empty(), Long.MIN_VALUE,
            Long.MAX_VALUE);
    long lo = Long.MIN_VALUE;
    long hi = Long.MAX_VALUE;
    if (dim.start().isPresent()) {
      lo = open.span(dim.start().get()).orElseThrow(() -> badSetting(n, "start", dim.start())).first;
    }
    if (dim.end().isPresent()) {
      hi = open.span(dim.end().get()).orElseThrow(() -> badSetting(n, "end", dim.end())).last;
    }
    if (lo > hi) {
      throw FlowException.invalid(
          "time dimension '"
              + n
              + "' start '"
              + dim.start().get()
              + "' is after end '"
              + dim.end().get()
              + "'");
    }
    return new TimeAxis(n, g, zone, dim.format(), format, dim.start(), dim.end(), lo, hi);
  }

  /**
   * The axis a time dimension without granularity enumerates on: daily, UTC, unbounded, no format
   * (such a dimension accepts {@code d:} dates, so its days are valid keys).
   */
  static TimeAxis plainDaily(String name) {
    return new TimeAxis(
        name,
        TimeGranularity.DAY,
        ZoneId.of(TimeDimension.DEFAULT_TIMEZONE),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Long.MIN_VALUE,
        Long.MAX_VALUE);
  }

  private static FlowException badSetting(String n, String setting, Optional<String> value) {
    return FlowException.invalid(
        "time dimension '" + n + "' has invalid " + setting + " '" + value.orElse("") + "'");
  }

  /**
   * The formatter of a {@code format} pattern, which must be a valid pattern that formats a window
   * start of the granularity and reads it back unchanged.
   */
  private static DateTimeFormatter formatter(
      String n, TimeGranularity g, ZoneId zone, String pattern) {
    DateTimeFormatter f;
    try {
      f = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw FlowException.invalid("time dimension '" + n + "' has invalid format '" + pattern + "'");
    }
    TimeAxis probe =
        new TimeAxis(
            n, g, zone, Optional.of(pattern), Optional.of(f), Optional.empty(), Optional.empty(),
            Long.MIN_VALUE, Long.MAX_VALUE);
    boolean roundTrips;
    try {
      if (g == TimeGranularity.HOUR) {
        ZonedDateTime sample = SAMPLE.atTime(10, 0).atZone(zone);
        roundTrips =
            probe.readFormatted(f.format(sample))
                .map(r -> r instanceof Reading.At at && at.instant().equals(sample.toInstant()))
                .orElse(false);
      } else {
        LocalDate sample = g == TimeGranularity.MONTH ? SAMPLE.withDayOfMonth(1) : SAMPLE;
        roundTrips =
            probe.readFormatted(f.format(sample))
                .map(r -> r instanceof Reading.Day day && day.date().equals(sample))
                .orElse(false);
      }
    } catch (DateTimeException e) {
      roundTrips = false;
    }
    if (!roundTrips) {
      throw FlowException.invalid("time dimension '" + n + "' has invalid format '" + pattern + "'");
    }
    return f;
  }

  String name() {
    return name;
  }

  TimeGranularity granularity() {
    return granularity;
  }

  // ---- values --------------------------------------------------------------------------------

  /**
   * A plain-string value of this dimension as a key value: {@code d:} for the date-keyed
   * granularities, {@code t:} for {@code hour}. Alignment and bounds are checked separately.
   *
   * @throws FlowException {@code time dimension '{n}' expects YYYY-MM-DD} (or {@code … expects
   *     RFC3339 timestamp}), with {@code or format '{p}'} appended when the dimension has one;
   *     {@code time dimension '{n}' value '{v}' does not exist in time zone '{z}'}
   */
  PartitionValue parseValue(String raw) {
    Optional<Reading> formatted = readFormatted(raw);
    if (formatted.isPresent() && formatted.get() instanceof Reading.Gap) {
      throw FlowException.invalid(
          "time dimension '" + name + "' value '" + raw + "' does not exist in time zone '" + zone
              + "'");
    }
    if (granularity.isDateKeyed()) {
      Optional<LocalDate> date =
          formatted
              .flatMap(r -> r instanceof Reading.Day d ? Optional.of(d.date()) : Optional.empty())
              .or(() -> plainDate(raw).map(TimeAxis::toLocalDate));
      if (date.isPresent()) {
        LocalDate d = date.get();
        return new DateValue(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
      }
      throw FlowException.invalid(
          "time dimension '" + name + "' expects YYYY-MM-DD" + formatHint());
    }
    Optional<Instant> at =
        formatted
            .flatMap(r -> r instanceof Reading.At a ? Optional.of(a.instant()) : Optional.empty())
            .or(() -> rfc3339(raw).map(TimestampValue::value));
    if (at.isPresent()) {
      try {
        return new TimestampValue(at.get().truncatedTo(ChronoUnit.MICROS));
      } catch (IllegalArgumentException outsideYears0000To9999) {
        // falls through to the message below
      }
    }
    throw FlowException.invalid(
        "time dimension '" + name + "' expects RFC3339 timestamp" + formatHint());
  }

  private String formatHint() {
    return pattern.map(p -> " or format '" + p + "'").orElse("");
  }

  /**
   * Checks a key value's alignment: a {@code week} date must be a Monday, a {@code month} date the
   * 1st, an {@code hour} timestamp the start of a local hour.
   *
   * @throws FlowException {@code time dimension '{n}' must be aligned to the week} (or {@code
   *     month}, {@code hour})
   */
  void checkAligned(PartitionValue value) {
    boolean aligned =
        switch (value) {
          case DateValue d ->
              granularity == TimeGranularity.DAY
                  || calendarDate(d)
                      .map(date -> DateWindows.isWindowStart(granularity, date))
                      .orElse(false);
          case TimestampValue t -> HourWindows.isWindowStart(zone, t.value());
          case StringValue s -> true;
          case IntValue i -> true;
          case BoolValue b -> true;
          case NullValue x -> true;
        };
    if (!aligned) {
      throw FlowException.invalid(
          "time dimension '" + name + "' must be aligned to the " + granularity.wire());
    }
  }

  /**
   * Checks a key value against the dimension's {@code start} and {@code end}.
   *
   * @throws FlowException {@code time dimension '{n}' value '{v}' is outside [{start}, {end}]},
   *     the bounds as written and {@code ...} for an absent one
   */
  void checkBounds(PartitionValue value) {
    if (startText.isEmpty() && endText.isEmpty()) {
      return;
    }
    boolean inside;
    String text;
    switch (value) {
      case DateValue d -> {
        text = d.text();
        inside =
            (lower == Long.MIN_VALUE || text.compareTo(LocalDate.ofEpochDay(lower).toString()) >= 0)
                && (upper == Long.MAX_VALUE
                    || text.compareTo(LocalDate.ofEpochDay(upper).toString()) <= 0);
      }
      case TimestampValue t -> {
        text = t.text();
        Instant at = t.value();
        inside =
            (lower == Long.MIN_VALUE || !at.isBefore(Instant.ofEpochSecond(lower)))
                && (upper == Long.MAX_VALUE || !at.isAfter(Instant.ofEpochSecond(upper)));
      }
      default -> {
        return;
      }
    }
    if (!inside) {
      throw FlowException.invalid(
          "time dimension '"
              + name
              + "' value '"
              + text
              + "' is outside ["
              + startText.orElse(OPEN)
              + ", "
              + endText.orElse(OPEN)
              + "]");
    }
  }

  // ---- windows -------------------------------------------------------------------------------

  /**
   * The windows whose start lies between two selector bounds (inclusive, trimmed), clipped to the
   * dimension's {@code start} and {@code end}.
   *
   * @throws FlowException {@code partition selector bounds must use YYYY-MM-DD} for a bound that
   *     does not read, {@code partition selector start must be less than or equal to end}
   */
  TimeWindows windows(String startBound, String endBound) {
    Span from = span(startBound.strip()).orElseThrow(TimeAxis::badBounds);
    Span to = span(endBound.strip()).orElseThrow(TimeAxis::badBounds);
    if (from.first > to.last) {
      throw FlowException.invalid("partition selector start must be less than or equal to end");
    }
    long lo = Math.max(from.first, lower);
    long hi = Math.min(to.last, upper);
    if (granularity == TimeGranularity.HOUR) {
      return HourWindows.between(zone, lo, Math.max(lo - 1, hi));
    }
    return DateWindows.between(granularity, lo, Math.max(lo - 1, hi));
  }

  private static FlowException badBounds() {
    return FlowException.invalid("partition selector bounds must use YYYY-MM-DD");
  }

  /** The inclusive positions a bound text covers: one day, or for {@code hour} a day or a second. */
  private record Span(long first, long last) {}

  private Optional<Span> span(String text) {
    Optional<Reading> formatted = readFormatted(text);
    if (formatted.isPresent()) {
      return switch (formatted.get()) {
        case Reading.Day d -> daySpan(d.date());
        case Reading.At a -> instantSpan(a.instant());
        case Reading.Gap g -> Optional.empty();
      };
    }
    Optional<LocalDate> date = plainDate(text).map(TimeAxis::toLocalDate);
    if (date.isPresent()) {
      return daySpan(date.get());
    }
    if (granularity == TimeGranularity.HOUR) {
      return rfc3339(text).flatMap(t -> instantSpan(t.value()));
    }
    return Optional.empty();
  }

  private Optional<Span> daySpan(LocalDate date) {
    if (date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE)) {
      return Optional.empty();
    }
    if (granularity.isDateKeyed()) {
      return Optional.of(new Span(date.toEpochDay(), date.toEpochDay()));
    }
    long from = date.atStartOfDay(zone).toEpochSecond();
    long to = date.plusDays(1).atStartOfDay(zone).toEpochSecond() - 1;
    return Optional.of(new Span(from, to));
  }

  private Optional<Span> instantSpan(Instant at) {
    if (!inTimestampRange(at)) {
      return Optional.empty();
    }
    if (granularity.isDateKeyed()) {
      return daySpan(at.atZone(zone).toLocalDate());
    }
    long floor = at.getEpochSecond();
    long ceil = at.getNano() == 0 ? floor : floor + 1;
    return Optional.of(new Span(ceil, floor));
  }

  private static boolean inTimestampRange(Instant at) {
    return !at.isBefore(MIN_INSTANT) && at.isBefore(AFTER_MAX_INSTANT);
  }

  // ---- reading text ------------------------------------------------------------------------

  /** What a text in the dimension's format names. */
  private sealed interface Reading {
    /** A date (a format without time of day). */
    record Day(LocalDate date) implements Reading {}

    /** An instant (a format with a time of day, in its own offset or the zone's local time). */
    record At(Instant instant) implements Reading {}

    /** A local time the zone skips. */
    record Gap() implements Reading {}
  }

  /** Reads {@code text} with the dimension's format; empty when there is none or it does not fit. */
  private Optional<Reading> readFormatted(String text) {
    if (format.isEmpty()) {
      return Optional.empty();
    }
    DateTimeFormatter f = format.get();
    TemporalAccessor parsed;
    try {
      parsed = f.parse(text);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    LocalDate date = parsed.query(TemporalQueries.localDate());
    if (date == null
        && granularity == TimeGranularity.MONTH
        && parsed.isSupported(ChronoField.YEAR)
        && parsed.isSupported(ChronoField.MONTH_OF_YEAR)) {
      date =
          LocalDate.of(
              parsed.get(ChronoField.YEAR), parsed.get(ChronoField.MONTH_OF_YEAR), 1);
    }
    if (date == null) {
      return Optional.empty();
    }
    LocalTime time = parsed.query(TemporalQueries.localTime());
    try {
      if (time == null) {
        return f.format(date).equals(text)
            ? Optional.of(new Reading.Day(date))
            : Optional.empty();
      }
      ZoneId in = Optional.ofNullable(parsed.query(TemporalQueries.zone())).orElse(zone);
      LocalDateTime local = date.atTime(time);
      if (in.getRules().getValidOffsets(local).isEmpty()) {
        return Optional.of(new Reading.Gap());
      }
      ZonedDateTime at = ZonedDateTime.ofLocal(local, in, null);
      return f.format(at).equals(text)
          ? Optional.of(new Reading.At(at.toInstant()))
          : Optional.empty();
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * A calendar date {@code YYYY-MM-DD} (leap years checked, like a date parser). A year before 1970
   * passes here; the key grammar refuses it later, as in the reference.
   */
  static Optional<DateValue> plainDate(String raw) {
    Matcher m = PLAIN_DATE.matcher(raw);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      LocalDate d =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      return Optional.of(new DateValue(d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * An RFC 3339 date-time ({@code T}, {@code t} or space between date and time; {@code Z}, {@code
   * z} or a numeric offset), converted to UTC and truncated to microseconds.
   */
  static Optional<TimestampValue> rfc3339(String raw) {
    Matcher m = RFC3339.matcher(raw);
    if (!m.matches()) {
      return Optional.empty();
    }
    String fraction = m.group(3) == null ? "" : "." + m.group(3);
    if (fraction.length() > 10) {
      fraction = fraction.substring(0, 10);
    }
    String offset = m.group(4).toUpperCase(Locale.ROOT);
    String iso = m.group(1) + "T" + m.group(2) + fraction + offset;
    try {
      Instant at =
          OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant()
              .truncatedTo(ChronoUnit.MICROS);
      return Optional.of(new TimestampValue(at));
    } catch (DateTimeException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static LocalDate toLocalDate(DateValue d) {
    return LocalDate.of(d.year(), d.month(), d.day());
  }

  private static Optional<LocalDate> calendarDate(DateValue d) {
    try {
      return Optional.of(toLocalDate(d));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
