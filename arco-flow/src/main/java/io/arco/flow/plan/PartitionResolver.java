package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.plan.PartitionDimension.StaticDimension;
import io.arco.flow.plan.PartitionDimension.TenantDimension;
import io.arco.flow.plan.PartitionDimension.TimeDimension;
import io.arco.flow.plan.PartitionDimension.UnsupportedDimension;
import io.arco.flow.plan.PartitionValue.BoolValue;
import io.arco.flow.plan.PartitionValue.DateValue;
import io.arco.flow.plan.PartitionValue.IntValue;
import io.arco.flow.plan.PartitionValue.NullValue;
import io.arco.flow.plan.PartitionValue.StringValue;
import io.arco.flow.plan.PartitionValue.TimestampValue;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a trigger's partition input against the roots' {@link PartitionSpec}: the {@code
 * partitionKey} form (api-contract §6.3) or the legacy {@code partitions} form (§6.4), with the
 * per-dimension normalisation of §6.5. Every failure is a 400 with the contract's exact message.
 * Dimensions are checked in name order, so the first failing dimension by name wins.
 *
 * <p>The reference's time-string cutoff ({@code ARCO_PARTITION_TIME_STRING_CUTOFF}) is a
 * constructor flag here: {@link #DEFAULT} has no cutoff, so a legacy {@code s:} value on a time
 * dimension is accepted and normalised to {@code d:}/{@code t:}.
 */
public final class PartitionResolver {

  /** No time-string cutoff: legacy {@code s:} values on time dimensions are normalised. */
  public static final PartitionResolver DEFAULT = new PartitionResolver(true);

  static final int MAX_KEY_BYTES = 1024;
  private static final int MAX_PAIR_KEY_BYTES = 64;
  private static final int MAX_PAIR_VALUE_BYTES = 256;
  private static final Pattern PLAIN_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern RFC3339 =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[Tt"
              + " ](\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d+))?([Zz]|[+-]\\d{2}:\\d{2})");

  private final boolean timeStringsAllowed;

  private PartitionResolver(boolean timeStringsAllowed) {
    this.timeStringsAllowed = timeStringsAllowed;
  }

  /**
   * A resolver with the time-string cutoff in the past ({@code allowed == false}): time dimensions
   * then need {@code d:}/{@code t:} values ({@code time partition values must use d:/t: tags for
   * '{n}'}).
   */
  public static PartitionResolver withTimeStrings(boolean allowed) {
    return allowed ? DEFAULT : new PartitionResolver(false);
  }

  /** Whether a trigger with these inputs requests a partition (api-contract §3.1 step 6). */
  public static boolean requested(Optional<String> partitionKey, List<PartitionPair> partitions) {
    return partitionKey.isPresent() || !partitions.isEmpty();
  }

  /**
   * Resolves the partition input; empty when none was given.
   *
   * @param spec the (identical) partitioning of the roots
   * @throws FlowException {@code InvalidRequest} with the contract's message
   */
  public Optional<ResolvedPartition> resolve(
      Optional<String> partitionKey, List<PartitionPair> partitions, PartitionSpec spec) {
    if (!requested(partitionKey, partitions)) {
      return Optional.empty();
    }
    if (partitionKey.isPresent() && !partitions.isEmpty()) {
      throw FlowException.invalid("use either partitionKey or partitions, not both");
    }
    if (!spec.partitioned()) {
      throw FlowException.invalid("partition key provided for unpartitioned assets");
    }
    PartitionKey requested =
        partitionKey.isPresent() ? parseRequested(partitionKey.get()) : fromPairs(partitions);
    checkDimensions(requested, spec);
    TreeMap<String, PartitionValue> normalised = new TreeMap<>();
    for (Map.Entry<String, PartitionValue> e : requested.dimensions().entrySet()) {
      normalised.put(e.getKey(), normalise(spec.dimensions().get(e.getKey()), e.getValue()));
    }
    String canonical = PartitionKey.of(normalised).canonical();
    PartitionKey key = PartitionKey.parse(canonical);
    if (Utf8Order.byteLength(canonical) > MAX_KEY_BYTES) {
      throw FlowException.invalid("partitionKey exceeds max length (1024)");
    }
    return Optional.of(new ResolvedPartition(key, requested, partitions));
  }

  private static PartitionKey parseRequested(String text) {
    if (text.isEmpty()) {
      throw FlowException.invalid("partitionKey cannot be empty");
    }
    return PartitionKey.parse(text);
  }

  /** §6.4 step 1 per pair, in request order; every value starts as a plain string. */
  private static PartitionKey fromPairs(List<PartitionPair> partitions) {
    TreeMap<String, PartitionValue> dims = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (PartitionPair pair : partitions) {
      String key = stripUnicodeWhitespace(pair.key());
      if (key.isEmpty()) {
        throw FlowException.invalid("partition key cannot be empty");
      }
      if (Utf8Order.byteLength(key) > MAX_PAIR_KEY_BYTES) {
        throw FlowException.invalid("partition key exceeds max length (64)");
      }
      if (!PartitionKey.isDimensionName(key)) {
        throw FlowException.invalid("invalid partition key: " + key);
      }
      if (!seen.add(key)) {
        throw FlowException.invalid("duplicate partition key: " + key);
      }
      if (Utf8Order.byteLength(pair.value()) > MAX_PAIR_VALUE_BYTES) {
        throw FlowException.invalid("partition value exceeds max length (256)");
      }
      dims.put(key, new StringValue(pair.value()));
    }
    return PartitionKey.of(dims);
  }

  private static String stripUnicodeWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && AssetKeys.isWhitespace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && AssetKeys.isWhitespace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  private static void checkDimensions(PartitionKey requested, PartitionSpec spec) {
    SortedSet<String> expected = spec.dimensionNames();
    SortedSet<String> got = requested.dimensionNames();
    if (!expected.equals(got)) {
      throw FlowException.invalid(
          "partitionKey dimensions must match manifest dimensions: expected ["
              + String.join(", ", expected)
              + "], got ["
              + String.join(", ", got)
              + "]");
    }
  }

  private PartitionValue normalise(PartitionDimension dim, PartitionValue value) {
    return switch (dim) {
      case TimeDimension t -> normaliseTime(t, value);
      case StaticDimension s -> {
        if (!(value instanceof StringValue str)) {
          throw FlowException.invalid("dimension '" + s.name() + "' must use string values");
        }
        if (!s.values().isEmpty() && !s.values().contains(str.value())) {
          throw FlowException.invalid(
              "dimension '" + s.name() + "' value '" + str.value() + "' is not allowed");
        }
        yield str;
      }
      case TenantDimension t -> {
        if (!(value instanceof StringValue)) {
          throw FlowException.invalid("dimension '" + t.name() + "' must use string values");
        }
        yield value;
      }
      case UnsupportedDimension u ->
          throw FlowException.invalid(
              "unsupported partition dimension kind '" + u.kind() + "' for '" + u.name() + "'");
    };
  }

  private PartitionValue normaliseTime(TimeDimension dim, PartitionValue value) {
    String n = dim.name();
    Optional<String> granularity = dim.granularity();
    Optional<TimeGranularity> known = dim.knownGranularity();
    return switch (value) {
      case DateValue d -> {
        if (granularity.isPresent() && known.orElse(null) != TimeGranularity.DAY) {
          throw FlowException.invalid("time dimension '" + n + "' expects day granularity");
        }
        yield d;
      }
      case TimestampValue t -> {
        if (granularity.isPresent() && known.orElse(null) != TimeGranularity.HOUR) {
          throw FlowException.invalid("time dimension '" + n + "' expects hour granularity");
        }
        if (known.isPresent()) {
          requireHourAligned(n, t.value());
        }
        yield t;
      }
      case StringValue s -> normaliseTimeString(dim, s.value());
      case IntValue i -> throw mustUseTimeTags(n);
      case BoolValue b -> throw mustUseTimeTags(n);
      case NullValue x -> throw mustUseTimeTags(n);
    };
  }

  private PartitionValue normaliseTimeString(TimeDimension dim, String raw) {
    String n = dim.name();
    if (!timeStringsAllowed) {
      throw FlowException.invalid("time partition values must use d:/t: tags for '" + n + "'");
    }
    if (dim.granularity().isEmpty()) {
      Optional<DateValue> date = plainDate(raw);
      if (date.isPresent()) {
        return date.get();
      }
      return rfc3339(raw)
          .orElseThrow(
              () ->
                  FlowException.invalid(
                      "time dimension '" + n + "' expects YYYY-MM-DD or RFC3339 timestamp"));
    }
    Optional<TimeGranularity> known = dim.knownGranularity();
    if (known.isEmpty()) {
      throw FlowException.invalid(
          "unsupported time granularity '" + dim.granularity().get() + "' for '" + n + "'");
    }
    return switch (known.get()) {
      case DAY ->
          plainDate(raw)
              .orElseThrow(
                  () -> FlowException.invalid("time dimension '" + n + "' expects YYYY-MM-DD"));
      case HOUR -> {
        TimestampValue t =
            rfc3339(raw)
                .orElseThrow(
                    () ->
                        FlowException.invalid(
                            "time dimension '" + n + "' expects RFC3339 timestamp"));
        requireHourAligned(n, t.value());
        yield t;
      }
    };
  }

  private static FlowException mustUseTimeTags(String n) {
    return FlowException.invalid("time dimension '" + n + "' must use d:/t: or s: value");
  }

  private static void requireHourAligned(String n, Instant at) {
    if (!at.truncatedTo(ChronoUnit.HOURS).equals(at)) {
      throw FlowException.invalid("time dimension '" + n + "' must be aligned to the hour");
    }
  }

  /**
   * A calendar date {@code YYYY-MM-DD} (leap years checked, like a date parser). A year before 1970
   * passes here and is then refused by the re-parse of the resolved key ({@code invalid
   * partitionKey: invalid date value: …}), as in the reference.
   */
  private static Optional<DateValue> plainDate(String raw) {
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
  private static Optional<TimestampValue> rfc3339(String raw) {
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
}
