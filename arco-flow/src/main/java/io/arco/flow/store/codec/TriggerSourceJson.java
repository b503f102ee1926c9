package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.arco.flow.model.TriggerSource;
import java.io.IOException;

/**
 * The wire form of {@link TriggerSource} (flow-model part 1 §4.7): tag {@code source}, {@code
 * push{message_id}} or {@code poll{poll_epoch}} (an integer).
 */
final class TriggerSourceJson {
  private TriggerSourceJson() {}

  static final class Serializer extends StdSerializer<TriggerSource> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(TriggerSource.class);
    }

    @Override
    public void serialize(TriggerSource value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject(value);
      switch (value) {
        case TriggerSource.Push p -> {
          gen.writeStringField("message_id", p.messageId());
          gen.writeStringField("source", "push");
        }
        case TriggerSource.Poll p -> {
          gen.writeNumberField("poll_epoch", p.pollEpoch());
          gen.writeStringField("source", "poll");
        }
      }
      gen.writeEndObject();
    }
  }

  static final class Deserializer extends StdDeserializer<TriggerSource> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(TriggerSource.class);
    }

    @Override
    public TriggerSource deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = ctxt.readTree(p);
      String source = node.path("source").asText("");
      return switch (source) {
        case "push" -> {
          JsonNode id = node.get("message_id");
          if (id == null || !id.isTextual()) {
            yield ctxt.reportInputMismatch(this, "push source needs a string message_id");
          }
          yield new TriggerSource.Push(id.textValue());
        }
        case "poll" -> {
          JsonNode epoch = node.get("poll_epoch");
          if (epoch == null || !epoch.isIntegralNumber()) {
            yield ctxt.reportInputMismatch(this, "poll source needs an integer poll_epoch");
          }
          yield new TriggerSource.Poll(epoch.longValue());
        }
        default -> ctxt.reportInputMismatch(this, "unknown trigger source '%s'", source);
      };
    }
  }
}
