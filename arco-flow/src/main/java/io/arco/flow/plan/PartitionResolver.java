package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.PartitionPair;
import io.arco.flow.model.Utf8Order;
import io.arco.flow.plan.PartitionDimension.DynamicDimension;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Resolves a trigger's partition input against the roots' {@link PartitionSpec}: the {@code
 * partitionKey} form (api-contract §6.3) or the legacy {@code partitions} form (§6.4), with the
 * per-dimension normalisation of §6.5. Every failure is a 400 with the contract's exact message.
 * Dimensions are checked in name order, so the first failing dimension by name wins.
 *
 * <p>Arco's additions (decisions §6.5), checked after the contract's rules for the same value:
 *
 * <ul>
 *   <li>{@code week} and {@code month} take {@code d:} values (or plain dates) that must be the
 *       first day of their window: {@code time dimension '{n}' must be aligned to the week} (a
 *       Monday) or {@code … to the month} (the 1st); {@code hour} values must start a local hour of
 *       the dimension's timezone ({@code … must be aligned to the hour});
 *   <li>plain-string time values are read with the dimension's {@code format} first ({@link
 *       TimeAxis}); when nothing reads, the contract's message gains {@code or format '{p}'};
 *   <li>a value before {@code start} or after {@code end}: {@code time dimension '{n}' value
 *       '{v}' is outside [{start}, {end}]} ({@code ...} for an absent bound);
 *   <li>a {@code dynamic} dimension takes {@code s:} values ({@code dimension '{n}' must use
 *       string values}) that are current members of its set: {@code dimension '{n}' value '{v}'
 *       is not a member of set '{set}'}.
 * </ul>
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
    return resolve(partitionKey, partitions, spec, DynamicMembers.NONE);
  }

  /**
   * Resolves the partition input, checking values of {@code dynamic} dimensions against the
   * current members of their sets (decisions §6.5, §6.6).
   *
   * @param members the workspace's dynamic partition sets
   * @throws FlowException {@code InvalidRequest} with the contract's message
   */
  public Optional<ResolvedPartition> resolve(
      Optional<String> partitionKey,
      List<PartitionPair> partitions,
      PartitionSpec spec,
      DynamicMembers members) {
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
      normalised.put(
          e.getKey(), normalise(spec.dimensions().get(e.getKey()), e.getValue(), members));
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

  private PartitionValue normalise(
      PartitionDimension dim, PartitionValue value, DynamicMembers members) {
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
      case DynamicDimension d -> {
        if (!(value instanceof StringValue str)) {
          throw FlowException.invalid("dimension '" + d.name() + "' must use string values");
        }
        if (!members.members(d.set()).contains(str.value())) {
          throw FlowException.invalid(
              "dimension '"
                  + d.name()
                  + "' value '"
                  + str.value()
                  + "' is not a member of set '"
                  + d.set()
                  + "'");
        }
        yield str;
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
    PartitionValue typed =
        switch (value) {
          case DateValue d -> {
            if (granularity.isPresent() && !known.map(TimeGranularity::isDateKeyed).orElse(false)) {
              throw FlowException.invalid("time dimension '" + n + "' expects day granularity");
            }
            yield d;
          }
          case TimestampValue t -> {
            if (granularity.isPresent() && known.orElse(null) != TimeGranularity.HOUR) {
              throw FlowException.invalid("time dimension '" + n + "' expects hour granularity");
            }
            yield t;
          }
          case StringValue s -> normaliseTimeString(dim, s.value());
          case IntValue i -> throw mustUseTimeTags(n);
          case BoolValue b -> throw mustUseTimeTags(n);
          case NullValue x -> throw mustUseTimeTags(n);
        };
    if (known.isPresent()) {
      TimeAxis axis = TimeAxis.of(dim);
      axis.checkAligned(typed);
      axis.checkBounds(typed);
    }
    return typed;
  }

  private PartitionValue normaliseTimeString(TimeDimension dim, String raw) {
    String n = dim.name();
    if (!timeStringsAllowed) {
      throw FlowException.invalid("time partition values must use d:/t: tags for '" + n + "'");
    }
    if (dim.granularity().isEmpty()) {
      Optional<DateValue> date = TimeAxis.plainDate(raw);
      if (date.isPresent()) {
        return date.get();
      }
      return TimeAxis.rfc3339(raw)
          .orElseThrow(
              () ->
                  FlowException.invalid(
                      "time dimension '" + n + "' expects YYYY-MM-DD or RFC3339 timestamp"));
    }
    if (dim.knownGranularity().isEmpty()) {
      throw FlowException.invalid(
          "unsupported time granularity '" + dim.granularity().get() + "' for '" + n + "'");
    }
    return TimeAxis.of(dim).parseValue(raw);
  }

  private static FlowException mustUseTimeTags(String n) {
    return FlowException.invalid("time dimension '" + n + "' must use d:/t: or s: value");
  }
}
