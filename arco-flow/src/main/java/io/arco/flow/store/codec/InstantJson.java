package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The wire form of an {@link Instant}: written as {@link Instant#toString()} (RFC 3339 in UTC with
 * {@code Z}; the fraction only when non-zero, in 3, 6 or 9 digits), read from any RFC 3339 string,
 * whatever its offset and letter case.
 */
final class InstantJson {
  private InstantJson() {}

  /** The last instant formatted and its text: the events of one command share one timestamp. */
  private record Formatted(Instant instant, String text) {}

  private static volatile Formatted last = new Formatted(Instant.EPOCH, Instant.EPOCH.toString());

  /**
   * {@link Instant#toString()}, written by hand for the years 0000–9999 (every instant the engine
   * writes), where the JDK's formatter is a measurable share of encoding an event; other years
   * fall back to the JDK.
   */
  static String format(Instant instant) {
    Formatted f = last;
    if (f.instant().equals(instant)) {
      return f.text();
    }
    String text = formatUncached(instant);
    last = new Formatted(instant, text);
    return text;
  }

  private static final long SECONDS_0000_TO_1970 = 62_167_219_200L;
  private static final long SECONDS_10000_FROM_1970 = 253_402_300_800L;

  static String formatUncached(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < -SECONDS_0000_TO_1970 || seconds >= SECONDS_10000_FROM_1970) {
      return instant.toString();
    }
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
    int nanos = instant.getNano();
    char[] out = new char[30];
    int n = 0;
    n = digits(out, n, date.getYear(), 4);
    out[n++] = '-';
    n = digits(out, n, date.getMonthValue(), 2);
    out[n++] = '-';
    n = digits(out, n, date.getDayOfMonth(), 2);
    out[n++] = 'T';
    n = digits(out, n, secondOfDay / 3600, 2);
    out[n++] = ':';
    n = digits(out, n, secondOfDay / 60 % 60, 2);
    out[n++] = ':';
    n = digits(out, n, secondOfDay % 60, 2);
    if (nanos > 0) {
      out[n++] = '.';
      if (nanos % 1_000_000 == 0) {
        n = digits(out, n, nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        n = digits(out, n, nanos / 1_000, 6);
      } else {
        n = digits(out, n, nanos, 9);
      }
    }
    out[n++] = 'Z';
    return new String(out, 0, n);
  }

  /** Writes {@code value} zero-padded to {@code width} digits at {@code at}; returns the end. */
  private static int digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }

  /** Parses an RFC 3339 timestamp. */
  static Instant parse(String text) {
    try {
      return OffsetDateTime.parse(
              text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeException e) {
      throw new CodecException("not an RFC 3339 timestamp: " + text, e);
    }
  }

  /** Writes {@link #format}. */
  static final class Serializer extends StdScalarSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(format(value));
    }
  }

  /** Reads {@link #parse}. */
  static final class Deserializer extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
      }
      String text = p.getText();
      try {
        return parse(text);
      } catch (CodecException e) {
        return (Instant)
            ctxt.handleWeirdStringValue(Instant.class, text, "not an RFC 3339 timestamp");
      }
    }
  }
}
