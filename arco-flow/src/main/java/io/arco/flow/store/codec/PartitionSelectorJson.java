package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.arco.flow.model.PartitionSelector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire form of {@link PartitionSelector} (flow-model part 1 §4.10): tag {@code type}, {@code
 * range{start, end}}, {@code explicit{partition_keys}} or {@code filter{filters}}.
 */
final class PartitionSelectorJson {
  private PartitionSelectorJson() {}

  static final class Serializer extends StdSerializer<PartitionSelector> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(PartitionSelector.class);
    }

    @Override
    public void serialize(PartitionSelector value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject(value);
      switch (value) {
        case PartitionSelector.Range r -> {
          gen.writeStringField("end", r.end());
          gen.writeStringField("start", r.start());
          gen.writeStringField("type", "range");
        }
        case PartitionSelector.Explicit e -> {
          gen.writeArrayFieldStart("partition_keys");
          for (String k : e.partitionKeys()) {
            gen.writeString(k);
          }
          gen.writeEndArray();
          gen.writeStringField("type", "explicit");
        }
        case PartitionSelector.Filter f -> {
          gen.writeObjectFieldStart("filters");
          for (Map.Entry<String, String> entry : f.filters().entrySet()) {
            gen.writeStringField(entry.getKey(), entry.getValue());
          }
          gen.writeEndObject();
          gen.writeStringField("type", "filter");
        }
      }
      gen.writeEndObject();
    }
  }

  static final class Deserializer extends StdDeserializer<PartitionSelector> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(PartitionSelector.class);
    }

    @Override
    public PartitionSelector deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      JsonNode node = ctxt.readTree(p);
      String type = node.path("type").asText("");
      return switch (type) {
        case "range" -> {
          JsonNode start = node.get("start");
          JsonNode end = node.get("end");
          if (start == null || !start.isTextual() || end == null || !end.isTextual()) {
            yield ctxt.reportInputMismatch(this, "range selector needs string start and end");
          }
          yield new PartitionSelector.Range(start.textValue(), end.textValue());
        }
        case "explicit" -> {
          JsonNode keys = node.get("partition_keys");
          if (keys == null || !keys.isArray()) {
            yield ctxt.reportInputMismatch(this, "explicit selector needs partition_keys");
          }
          List<String> out = new ArrayList<>();
          for (JsonNode k : keys) {
            if (!k.isTextual()) {
              yield ctxt.reportInputMismatch(this, "partition_keys must be strings");
            }
            out.add(k.textValue());
          }
          yield new PartitionSelector.Explicit(out);
        }
        case "filter" -> {
          JsonNode filters = node.get("filters");
          if (filters == null || !filters.isObject()) {
            yield ctxt.reportInputMismatch(this, "filter selector needs filters");
          }
          TreeMap<String, String> out = new TreeMap<>();
          for (var f : filters.properties()) {
            if (!f.getValue().isTextual()) {
              yield ctxt.reportInputMismatch(this, "filters must be strings");
            }
            out.put(f.getKey(), f.getValue().textValue());
          }
          yield new PartitionSelector.Filter(out);
        }
        default -> ctxt.reportInputMismatch(this, "unknown partition selector '%s'", type);
      };
    }
  }
}
