package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Serializer that refuses floating-point values: the canonical form holds integers only (flow-model
 * part 1 §0), so a {@code double}, {@code float} or {@code BigDecimal} reaching the codec is a bug
 * and fails the encode instead of producing bytes that depend on float formatting.
 */
final class NoFloatingPoint extends StdSerializer<Object> {
  private static final long serialVersionUID = 1L;

  NoFloatingPoint() {
    super(Object.class);
  }

  @Override
  public void serialize(Object value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    provider.reportMappingProblem(
        "floating-point value %s (%s) cannot be encoded: the canonical form holds integers only",
        value, value.getClass().getName());
  }
}
