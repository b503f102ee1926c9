package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.plan.PartitionDimension.TimeDimension;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deploy validation of an asset's {@code partitioning} (decisions §6.5): 400 {@code asset '{key}'
 * has invalid partitioning: {reason}}. What the contract reads leniently stays lenient (a
 * non-object value, a non-array {@code dimensions}, a dimension without a string {@code name} or
 * {@code kind}, an unknown kind, an unknown granularity on a dimension that uses only the
 * contract's fields: api-contract §6.1 and §6.5 refuse those when a partition is requested). Per
 * dimension, in list order, the reasons are:
 *
 * <ul>
 *   <li>{@code dimension name '{n}' must match [a-z][a-z0-9_]*}, {@code duplicate dimension name
 *       '{n}'};
 *   <li>time: {@code time dimension '{n}' granularity must be one of hour, day, week, month} (not a
 *       string, or unknown while Arco's settings are used), {@code time dimension '{n}' {field}
 *       must be a string} ({@code start}, {@code end}, {@code timezone}, {@code format}), {@code
 *       time dimension '{n}' needs a granularity (hour, day, week or month) to use start, end,
 *       timezone or format}, then the settings checks of {@link TimeAxis#of} (timezone, format,
 *       start, end, start after end);
 *   <li>static: {@code static dimension '{n}' values must be an array of strings}, {@code static
 *       dimension '{n}' values cannot be empty};
 *   <li>dynamic: {@code dynamic dimension '{n}' needs a set name}, {@code dynamic dimension '{n}'
 *       has invalid set name '{s}' (expected [a-z][a-z0-9_-]{0,63})}.
 * </ul>
 */
final class PartitioningChecks {
  private static final List<String> TIME_SETTINGS = List.of("start", "end", "timezone", "format");

  private PartitioningChecks() {}

  /**
   * Checks one asset's raw {@code partitioning} value.
   *
   * @throws FlowException {@code InvalidRequest} with the first problem
   */
  static void check(String assetKey, Optional<JsonNode> partitioning) {
    try {
      partitioning.ifPresent(PartitioningChecks::checkDimensions);
    } catch (FlowException e) {
      throw FlowException.invalid(
          "asset '" + assetKey + "' has invalid partitioning: " + e.error().message());
    }
  }

  private static void checkDimensions(JsonNode partitioning) {
    JsonNode list = partitioning.isObject() ? partitioning.get("dimensions") : null;
    if (list == null || !list.isArray()) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (JsonNode d : list) {
      if (!d.isObject() || !isText(d.get("name")) || !isText(d.get("kind"))) {
        continue;
      }
      String name = d.get("name").textValue();
      if (!PartitionKey.isDimensionName(name)) {
        throw FlowException.invalid("dimension name '" + name + "' must match [a-z][a-z0-9_]*");
      }
      if (!names.add(name)) {
        throw FlowException.invalid("duplicate dimension name '" + name + "'");
      }
      switch (d.get("kind").textValue()) {
        case "time" -> checkTime(name, d);
        case "static" -> checkStatic(name, d);
        case "dynamic" -> checkDynamic(name, d);
        default -> {
          // tenant has no settings; unknown kinds are kept (api-contract §6.1)
        }
      }
    }
  }

  private static void checkTime(String name, JsonNode d) {
    Optional<JsonNode> granularity = present(d, "granularity");
    if (granularity.isPresent() && !granularity.get().isTextual()) {
      throw badGranularity(name);
    }
    for (String field : TIME_SETTINGS) {
      if (present(d, field).filter(v -> !v.isTextual()).isPresent()) {
        throw FlowException.invalid(
            "time dimension '" + name + "' " + field + " must be a string");
      }
    }
    TimeDimension dim =
        new TimeDimension(
            name,
            granularity.map(JsonNode::textValue),
            text(d, "start"),
            text(d, "end"),
            text(d, "timezone"),
            text(d, "format"));
    if (!dim.hasSettings()) {
      return;
    }
    if (dim.granularity().isEmpty()) {
      throw FlowException.invalid(
          "time dimension '"
              + name
              + "' needs a granularity (hour, day, week or month) to use start, end, timezone or"
              + " format");
    }
    if (dim.knownGranularity().isEmpty()) {
      throw badGranularity(name);
    }
    TimeAxis.of(dim);
  }

  private static FlowException badGranularity(String name) {
    return FlowException.invalid(
        "time dimension '" + name + "' granularity must be one of hour, day, week, month");
  }

  private static void checkStatic(String name, JsonNode d) {
    Optional<JsonNode> values = present(d, "values");
    if (values.isEmpty()) {
      return;
    }
    boolean strings = values.get().isArray();
    for (JsonNode v : values.get()) {
      strings &= v.isTextual();
    }
    if (!strings) {
      throw FlowException.invalid(
          "static dimension '" + name + "' values must be an array of strings");
    }
    if (values.get().isEmpty()) {
      throw FlowException.invalid("static dimension '" + name + "' values cannot be empty");
    }
  }

  private static void checkDynamic(String name, JsonNode d) {
    Optional<String> set = text(d, "set");
    if (set.isEmpty()) {
      throw FlowException.invalid("dynamic dimension '" + name + "' needs a set name");
    }
    if (!PartitionSetChange.isValidName(set.get())) {
      throw FlowException.invalid(
          "dynamic dimension '"
              + name
              + "' has invalid set name '"
              + set.get()
              + "' (expected "
              + PartitionSetChange.NAME_GRAMMAR
              + ")");
    }
  }

  private static Optional<JsonNode> present(JsonNode d, String field) {
    JsonNode v = d.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  private static Optional<String> text(JsonNode d, String field) {
    return present(d, field).filter(JsonNode::isTextual).map(JsonNode::textValue);
  }

  private static boolean isText(JsonNode v) {
    return v != null && v.isTextual();
  }
}
