package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.arco.flow.event.TriggerInfo;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire form of {@link TriggerInfo} (flow-model part 1 §4.1): an object tagged by {@code type}
 * ({@code manual}, {@code cron}, {@code sensor}, {@code materialization}, {@code webhook}) with
 * snake_case, required string fields. Written by hand so the switch is exhaustive: a new variant
 * does not compile until it has a wire form.
 */
final class TriggerInfoJson {
  private TriggerInfoJson() {}

  /** The fields of a trigger, tag included, sorted by name. */
  static Map<String, String> fields(TriggerInfo trigger) {
    TreeMap<String, String> f = new TreeMap<>();
    switch (trigger) {
      case TriggerInfo.Manual m -> {
        f.put("type", "manual");
        f.put("user_id", m.userId());
      }
      case TriggerInfo.Cron c -> {
        f.put("type", "cron");
        f.put("schedule_id", c.scheduleId());
      }
      case TriggerInfo.Sensor s -> {
        f.put("type", "sensor");
        f.put("sensor_id", s.sensorId());
        f.put("cursor", s.cursor());
      }
      case TriggerInfo.Materialization m -> {
        f.put("type", "materialization");
        f.put("upstream_materialization_id", m.upstreamMaterializationId());
      }
      case TriggerInfo.Webhook w -> {
        f.put("type", "webhook");
        f.put("webhook_id", w.webhookId());
      }
    }
    return f;
  }

  /** Writes {@link #fields} as one object. */
  static final class Serializer extends StdSerializer<TriggerInfo> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(TriggerInfo.class);
    }

    @Override
    public void serialize(TriggerInfo value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject(value);
      for (Map.Entry<String, String> e : fields(value).entrySet()) {
        if (e.getValue() == null) {
          provider.reportMappingProblem("trigger %s has no %s", value, e.getKey());
        }
        gen.writeStringField(e.getKey(), e.getValue());
      }
      gen.writeEndObject();
    }
  }

  /** Reads a tagged trigger; an unknown tag or a missing field is an error. */
  static final class Deserializer extends StdDeserializer<TriggerInfo> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(TriggerInfo.class);
    }

    @Override
    public TriggerInfo deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = ctxt.readTree(p);
      if (!node.isObject()) {
        return (TriggerInfo) ctxt.handleUnexpectedToken(TriggerInfo.class, p);
      }
      String type = text(node, "type", ctxt);
      return switch (type) {
        case "manual" -> new TriggerInfo.Manual(text(node, "user_id", ctxt));
        case "cron" -> new TriggerInfo.Cron(text(node, "schedule_id", ctxt));
        case "sensor" ->
            new TriggerInfo.Sensor(text(node, "sensor_id", ctxt), text(node, "cursor", ctxt));
        case "materialization" ->
            new TriggerInfo.Materialization(text(node, "upstream_materialization_id", ctxt));
        case "webhook" -> new TriggerInfo.Webhook(text(node, "webhook_id", ctxt));
        default -> ctxt.reportInputMismatch(this, "unknown trigger type '%s'", type);
      };
    }

    private String text(JsonNode node, String field, DeserializationContext ctxt)
        throws IOException {
      JsonNode v = node.get(field);
      if (v == null || !v.isTextual()) {
        return ctxt.reportInputMismatch(this, "trigger field '%s' must be a string", field);
      }
      return v.textValue();
    }
  }
}
