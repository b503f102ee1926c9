package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Wire form of a sealed union of records with only string fields: one object with a tag field and
 * the variant's snake_case fields, sorted. The per-type {@code toFields}/{@code fromFields}
 * functions hold an exhaustive switch, so a new variant does not compile until it has a wire form.
 */
final class TaggedJson {
  private TaggedJson() {}

  static final class Serializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Function<T, Map<String, String>> toFields;

    Serializer(Class<T> type, Function<T, Map<String, String>> toFields) {
      super(type);
      this.toFields = toFields;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeStartObject(value);
      for (Map.Entry<String, String> e : new TreeMap<>(toFields.apply(value)).entrySet()) {
        gen.writeStringField(e.getKey(), e.getValue());
      }
      gen.writeEndObject();
    }
  }

  /** Thrown by a {@code fromFields} function for an unknown tag or a missing field. */
  static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  /** A field of a tagged object, or a {@link Mismatch}. */
  static String field(Map<String, String> fields, String name) {
    String v = fields.get(name);
    if (v == null) {
      throw new Mismatch("field '" + name + "' must be a string");
    }
    return v;
  }

  static final class Deserializer<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Function<Map<String, String>, T> fromFields;

    Deserializer(Class<T> type, Function<Map<String, String>, T> fromFields) {
      super(type);
      this.fromFields = fromFields;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = ctxt.readTree(p);
      if (!node.isObject()) {
        return ctxt.reportInputMismatch(this, "expected an object for %s", handledType().getSimpleName());
      }
      Map<String, String> fields = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getValue().isTextual()) {
          fields.put(e.getKey(), e.getValue().textValue());
        }
      }
      try {
        return fromFields.apply(fields);
      } catch (Mismatch m) {
        return ctxt.reportInputMismatch(this, "%s: %s", handledType().getSimpleName(), m.getMessage());
      }
    }
  }
}
