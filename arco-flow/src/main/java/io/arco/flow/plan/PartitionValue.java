package io.arco.flow.plan;

import io.arco.flow.model.Utf8Order;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;

/**
 * One typed scalar of a canonical partition key (ADR-011, api-contract §6.2): string, int, bool,
 * date, timestamp or null; no floats. {@link #encoded()} is the {@code tag:value} text of the
 * canonical grammar. Values order by type first (null &lt; bool &lt; int &lt; string &lt; date &lt;
 * timestamp, flow-model part 4 §4.4), then by value; strings by UTF-8 byte order.
 */
public sealed interface PartitionValue extends Comparable<PartitionValue> {

  /** The canonical {@code tag:value} encoding, e.g. {@code d:2025-01-15}. */
  String encoded();

  /** Rank of the type in the cross-type order. */
  int typeRank();

  @Override
  default int compareTo(PartitionValue other) {
    int c = Integer.compare(typeRank(), other.typeRank());
    if (c != 0) {
      return c;
    }
    return switch (this) {
      case NullValue n -> 0;
      case BoolValue b -> Boolean.compare(b.value(), ((BoolValue) other).value());
      case IntValue i -> Long.compare(i.value(), ((IntValue) other).value());
      case StringValue s -> Utf8Order.compare(s.value(), ((StringValue) other).value());
      case DateValue d -> d.compareDate((DateValue) other);
      case TimestampValue t -> t.value().compareTo(((TimestampValue) other).value());
    };
  }

  /** {@code s:} base64url without padding of the UTF-8 bytes ({@code ""} encodes as {@code s:}). */
  record StringValue(String value) implements PartitionValue {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String encoded() {
      return "s:"
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int typeRank() {
      return 3;
    }
  }

  /** {@code i:} a decimal signed 64-bit integer, no sign for positives, no leading zeros. */
  record IntValue(long value) implements PartitionValue {
    @Override
    public String encoded() {
      return "i:" + value;
    }

    @Override
    public int typeRank() {
      return 2;
    }
  }

  /** {@code b:true} or {@code b:false}. */
  record BoolValue(boolean value) implements PartitionValue {
    @Override
    public String encoded() {
      return "b:" + value;
    }

    @Override
    public int typeRank() {
      return 1;
    }
  }

  /**
   * {@code d:YYYY-MM-DD}. Holds the three numbers rather than a {@link java.time.LocalDate} because
   * the grammar checks month lengths but not leap years ({@code 2023-02-29} is a valid key); the
   * parser enforces year &ge; 1970, the record only what keeps the encoding well formed.
   */
  record DateValue(int year, int month, int day) implements PartitionValue {
    public DateValue {
      if (year < 0 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
        throw new IllegalArgumentException("date out of range: " + year + "-" + month + "-" + day);
      }
    }

    @Override
    public String encoded() {
      return "d:" + text();
    }

    /** {@code YYYY-MM-DD}. */
    public String text() {
      return String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", year, month, day);
    }

    @Override
    public int typeRank() {
      return 4;
    }

    int compareDate(DateValue o) {
      int c = Integer.compare(year, o.year);
      if (c == 0) {
        c = Integer.compare(month, o.month);
      }
      return c != 0 ? c : Integer.compare(day, o.day);
    }
  }

  /**
   * {@code t:YYYY-MM-DDTHH:MM:SS.ffffffZ}: a UTC instant with microsecond precision, years
   * 0000–9999.
   */
  record TimestampValue(Instant value) implements PartitionValue {
    static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    public TimestampValue {
      Objects.requireNonNull(value, "value");
      if (!value.truncatedTo(ChronoUnit.MICROS).equals(value)) {
        throw new IllegalArgumentException("timestamp finer than microseconds: " + value);
      }
      if (value.isBefore(MIN) || value.isAfter(MAX)) {
        throw new IllegalArgumentException("timestamp outside years 0000-9999: " + value);
      }
    }

    @Override
    public String encoded() {
      return "t:" + text();
    }

    /** {@code YYYY-MM-DDTHH:MM:SS.ffffffZ} (27 characters). */
    public String text() {
      return FORMAT.format(value);
    }

    @Override
    public int typeRank() {
      return 5;
    }
  }

  /** {@code n:null}. */
  record NullValue() implements PartitionValue {
    @Override
    public String encoded() {
      return "n:null";
    }

    @Override
    public int typeRank() {
      return 0;
    }
  }
}
