package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.error.FlowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shape checks of request JSON: a missing or JSON-{@code null} required member, or a member of the
 * wrong type, is a 422 {@code invalid field '<path>': <reason>} (decisions §6.1), with {@code
 * <path>} like {@code assets[0].key.namespace} ({@code $} for the body itself). Reasons: {@code is
 * required}, {@code expected a string}, {@code expected a boolean}, {@code expected an object},
 * {@code expected an array}, {@code expected a non-negative integer}, {@code expected an integer}
 * and {@code expected one of A, B}. An optional member that is JSON {@code null} counts as absent.
 */
final class JsonShape {
  static final String ROOT = "$";

  private JsonShape() {}

  static String path(String parent, String field) {
    return parent.equals(ROOT) ? field : parent + "." + field;
  }

  static String path(String parent, int index) {
    return parent + "[" + index + "]";
  }

  static JsonNode object(JsonNode node, String path) {
    if (!node.isObject()) {
      throw FlowException.invalidField(path, "expected an object");
    }
    return node;
  }

  static Optional<JsonNode> optional(JsonNode object, String field) {
    JsonNode v = object.get(field);
    return v == null || v.isNull() || v.isMissingNode() ? Optional.empty() : Optional.of(v);
  }

  static JsonNode required(JsonNode object, String field, String parent) {
    return optional(object, field)
        .orElseThrow(() -> FlowException.invalidField(path(parent, field), "is required"));
  }

  static String requiredString(JsonNode object, String field, String parent) {
    return string(required(object, field, parent), path(parent, field));
  }

  static Optional<String> optionalString(JsonNode object, String field, String parent) {
    return optional(object, field).map(v -> string(v, path(parent, field)));
  }

  static Optional<Boolean> optionalBoolean(JsonNode object, String field, String parent) {
    return optional(object, field)
        .map(
            v -> {
              if (!v.isBoolean()) {
                throw FlowException.invalidField(path(parent, field), "expected a boolean");
              }
              return v.booleanValue();
            });
  }

  static Optional<JsonNode> optionalObject(JsonNode object, String field, String parent) {
    return optional(object, field).map(v -> object(v, path(parent, field)));
  }

  static JsonNode requiredObject(JsonNode object, String field, String parent) {
    return object(required(object, field, parent), path(parent, field));
  }

  static List<JsonNode> requiredArray(JsonNode object, String field, String parent) {
    return array(required(object, field, parent), path(parent, field));
  }

  static List<JsonNode> optionalArray(JsonNode object, String field, String parent) {
    return optional(object, field).map(v -> array(v, path(parent, field))).orElse(List.of());
  }

  static List<String> optionalStrings(JsonNode object, String field, String parent) {
    return strings(optionalArray(object, field, parent), path(parent, field));
  }

  static List<String> requiredStrings(JsonNode object, String field, String parent) {
    return strings(requiredArray(object, field, parent), path(parent, field));
  }

  /** A {@code u32}: an integral JSON number from 0 to 2^32 - 1, capped to {@code int} range. */
  static Optional<Integer> optionalUnsigned(JsonNode object, String field, String parent) {
    return optional(object, field)
        .map(
            v -> {
              if (!v.isIntegralNumber()
                  || !v.canConvertToLong()
                  || v.longValue() < 0
                  || v.longValue() > Integer.MAX_VALUE) {
                throw FlowException.invalidField(
                    path(parent, field), "expected a non-negative integer");
              }
              return v.intValue();
            });
  }

  /**
   * Any integral JSON number ({@code 30}, {@code -5}, not {@code 30.0} or {@code "30"}), so that a
   * range check can answer with its own 400 message. A value beyond the {@code long} range is
   * capped to {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE}, which every range refuses.
   */
  static Optional<Long> optionalInteger(JsonNode object, String field, String parent) {
    return optional(object, field)
        .map(
            v -> {
              if (!v.isIntegralNumber()) {
                throw FlowException.invalidField(path(parent, field), "expected an integer");
              }
              if (v.canConvertToLong()) {
                return v.longValue();
              }
              return v.bigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            });
  }

  static <E extends Enum<E>> Optional<E> optionalEnum(
      JsonNode object, String field, String parent, Class<E> type) {
    return optionalString(object, field, parent)
        .map(
            s -> {
              for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(s)) {
                  return constant;
                }
              }
              List<String> names = new ArrayList<>();
              for (E constant : type.getEnumConstants()) {
                names.add(constant.name());
              }
              throw FlowException.invalidField(
                  path(parent, field), "expected one of " + String.join(", ", names));
            });
  }

  private static String string(JsonNode v, String path) {
    if (!v.isTextual()) {
      throw FlowException.invalidField(path, "expected a string");
    }
    return v.textValue();
  }

  private static List<JsonNode> array(JsonNode v, String path) {
    if (!v.isArray()) {
      throw FlowException.invalidField(path, "expected an array");
    }
    List<JsonNode> items = new ArrayList<>();
    v.forEach(items::add);
    return items;
  }

  private static List<String> strings(List<JsonNode> items, String path) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(string(items.get(i), path(path, i)));
    }
    return out;
  }
}
