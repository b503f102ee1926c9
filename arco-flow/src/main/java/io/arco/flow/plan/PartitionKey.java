package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.plan.PartitionValue.BoolValue;
import io.arco.flow.plan.PartitionValue.DateValue;
import io.arco.flow.plan.PartitionValue.IntValue;
import io.arco.flow.plan.PartitionValue.NullValue;
import io.arco.flow.plan.PartitionValue.StringValue;
import io.arco.flow.plan.PartitionValue.TimestampValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A parsed canonical partition key (ADR-011; api-contract §6.2, flow-model part 4 §4.4): dimension
 * name &rarr; typed scalar, sorted by name. {@link #canonical()} is the only string form ({@code
 * date=d:2025-01-15,region=s:dXMtZWFzdA}); the empty key is the empty string. Keys order as their
 * canonical strings. {@link #parse} is strict: {@code parse(k.canonical())} equals {@code k} for
 * every key, and a text that is grammatical but not canonical is refused.
 */
public record PartitionKey(SortedMap<String, PartitionValue> dimensions)
    implements Comparable<PartitionKey> {

  /** The empty (unpartitioned) key; its canonical form is {@code ""}. */
  public static final PartitionKey EMPTY = new PartitionKey(new TreeMap<>());

  private static final Pattern DIMENSION_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final DateTimeFormatter TIMESTAMP_PARSER =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
          .withResolverStyle(ResolverStyle.STRICT);
  private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  public PartitionKey {
    TreeMap<String, PartitionValue> copy = new TreeMap<>();
    for (Map.Entry<String, PartitionValue> e : dimensions.entrySet()) {
      if (!isDimensionName(e.getKey())) {
        throw new IllegalArgumentException("invalid partition dimension name: " + e.getKey());
      }
      copy.put(e.getKey(), java.util.Objects.requireNonNull(e.getValue(), e.getKey()));
    }
    dimensions = Collections.unmodifiableSortedMap(copy);
  }

  /** A key of the given dimensions (names must match {@code [a-z][a-z0-9_]*}). */
  public static PartitionKey of(Map<String, ? extends PartitionValue> dimensions) {
    return new PartitionKey(new TreeMap<>(dimensions));
  }

  /** Whether {@code name} is a legal dimension name ({@code [a-z][a-z0-9_]*}). */
  public static boolean isDimensionName(String name) {
    return DIMENSION_NAME.matcher(name).matches();
  }

  /**
   * Parses a canonical key. Grammar errors answer {@code invalid partitionKey: <msg>} with the
   * contract's {@code <msg>} (the part after it names the offending segment, key, tag or value
   * text). Like the reference, integers are read leniently ({@code +5}, {@code 007}, {@code -0})
   * and dimensions in any order, but such a text does not re-encode to itself and is refused with
   * {@code partitionKey must be canonical: expected '<canonical>'} (api-contract §6.3 step 1).
   * Base64 is strict (no padding, no stray trailing bits), dates and timestamps must have the fixed
   * widths of the grammar. The empty string is {@link #EMPTY}.
   *
   * @throws FlowException {@code InvalidRequest}
   */
  public static PartitionKey parse(String text) {
    if (text.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, PartitionValue> dims = new TreeMap<>();
    for (String segment : text.split(",", -1)) {
      int eq = segment.indexOf('=');
      if (eq < 0) {
        throw invalid("missing '=' in partition segment: " + segment);
      }
      String name = segment.substring(0, eq);
      if (!isDimensionName(name)) {
        throw invalid("invalid partition key: " + name);
      }
      String value = segment.substring(eq + 1);
      int colon = value.indexOf(':');
      if (colon < 0) {
        throw invalid("missing type prefix in value: " + value);
      }
      PartitionValue parsed = parseValue(value.substring(0, colon), value.substring(colon + 1));
      if (dims.putIfAbsent(name, parsed) != null) {
        throw invalid("duplicate key in partition key: " + name);
      }
    }
    PartitionKey key = new PartitionKey(dims);
    String canonical = key.canonical();
    if (!canonical.equals(text)) {
      throw FlowException.invalid("partitionKey must be canonical: expected '" + canonical + "'");
    }
    return key;
  }

  private static PartitionValue parseValue(String tag, String body) {
    return switch (tag) {
      case "s" -> new StringValue(decodeString(body));
      case "i" -> {
        if (!INTEGER.matcher(body).matches()) {
          throw invalid("invalid integer value: " + body);
        }
        try {
          yield new IntValue(Long.parseLong(body));
        } catch (NumberFormatException e) {
          throw invalid("invalid integer value: " + body);
        }
      }
      case "b" ->
          switch (body) {
            case "true" -> new BoolValue(true);
            case "false" -> new BoolValue(false);
            default -> throw invalid("invalid boolean value: " + body);
          };
      case "d" -> parseDate(body).orElseThrow(() -> invalid("invalid date value: " + body));
      case "t" ->
          parseTimestamp(body).orElseThrow(() -> invalid("invalid timestamp value: " + body));
      case "n" -> {
        if (!body.equals("null")) {
          throw invalid("invalid null value: " + body);
        }
        yield new NullValue();
      }
      default -> throw invalid("unknown type prefix: " + tag);
    };
  }

  private static String decodeString(String body) {
    byte[] bytes;
    try {
      if (body.indexOf('=') >= 0) {
        throw new IllegalArgumentException("padding");
      }
      bytes = Base64.getUrlDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw invalid("invalid base64 encoding: " + body);
    }
    // Java's decoder ignores non-zero trailing bits; the reference's does not.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(body)) {
      throw invalid("invalid base64 encoding: " + body);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("invalid UTF-8 in decoded string: " + body);
    }
  }

  /**
   * The grammar's date rule: {@code YYYY-MM-DD}, year &ge; 1970, month 1–12, day within the month's
   * longest length (February 29 is always accepted: leap years are not checked).
   */
  static Optional<DateValue> parseDate(String body) {
    var m = DATE.matcher(body);
    if (!m.matches()) {
      return Optional.empty();
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    int day = Integer.parseInt(m.group(3));
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) {
      return Optional.empty();
    }
    return Optional.of(new DateValue(year, month, day));
  }

  /** {@code YYYY-MM-DDTHH:MM:SS.ffffffZ}, a real calendar date and time. */
  static Optional<TimestampValue> parseTimestamp(String body) {
    if (!TIMESTAMP.matcher(body).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new TimestampValue(
              LocalDateTime.parse(body, TIMESTAMP_PARSER).toInstant(ZoneOffset.UTC)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static FlowException invalid(String message) {
    return FlowException.invalid("invalid partitionKey: " + message);
  }

  /** The canonical string: {@code name=tag:value} per dimension, sorted by name, comma-joined. */
  public String canonical() {
    StringJoiner out = new StringJoiner(",");
    dimensions.forEach((name, value) -> out.add(name + "=" + value.encoded()));
    return out.toString();
  }

  /** Whether this is the empty (unpartitioned) key. */
  public boolean isEmpty() {
    return dimensions.isEmpty();
  }

  /** The dimension names, sorted. */
  public SortedSet<String> dimensionNames() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(dimensions.keySet()));
  }

  @Override
  public int compareTo(PartitionKey other) {
    return canonical().compareTo(other.canonical());
  }

  @Override
  public String toString() {
    return canonical();
  }
}
