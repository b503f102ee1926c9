package io.arco.flow.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Utf8Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON writer of this package's hashed and stored documents: compact, members in insertion
 * order, non-ASCII characters raw (also above U+FFFF) and control characters escaped as serde_json
 * does (the two-character escape where one exists, else the six-character unicode escape with
 * lower-case hex digits), so fingerprints reproduce the reference's bytes.
 */
final class PlanJson {
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          // Without this, characters above U+FFFF are written as escaped surrogate pairs, not raw
          // UTF-8.
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PlanJson() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /** Lower-case hex SHA-256 of the compact JSON bytes of {@code node}. */
  static String sha256Hex(JsonNode node) {
    return java.util.HexFormat.of().formatHex(Ids.sha256(bytes(node)));
  }

  /**
   * A deep copy of {@code node} whose objects list their members in UTF-8 byte order at every
   * level, as a {@code serde_json::Value} (a {@code BTreeMap}) serialises. Arrays keep their order.
   */
  static JsonNode sortedCopy(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
      entries.sort(Map.Entry.comparingByKey(Utf8Order.COMPARATOR));
      ObjectNode out = object();
      for (Map.Entry<String, JsonNode> e : entries) {
        out.set(e.getKey(), sortedCopy(e.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = array();
      node.forEach(item -> out.add(sortedCopy(item)));
      return out;
    }
    return node.deepCopy();
  }
}
