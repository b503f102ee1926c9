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

  static String format(Instant instant) {
    return instant.toString();
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
