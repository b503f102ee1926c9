package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.plan.PartitionDimension.TimeDimension;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deploy validation of an asset's {@code partitioning} (decisions §6.5, §7.7): the whole definition
 * is checked at deploy, so a manifest that could only fail later (when a partition is resolved or a
 * backfill enumerated) is refused. Every problem is a 422 {@code invalid field '{path}': {reason}}
 * whose path starts at {@code assets[i].partitioning}. A {@code null} or absent value is
 * unpartitioned; what {@link PartitionSpec#from} reads leniently is refused here, and the leniency
 * remains only for manifests stored before these checks. In order:
 *
 * <ul>
 *   <li>{@code partitioning}: {@code expected an object}; {@code is_partitioned} / {@code
 *       isPartitioned}: {@code expected a boolean};
 *   <li>{@code dimensions}: {@code expected an array}; unless {@code is_partitioned} is {@code
 *       false}, {@code is required} and {@code must not be empty};
 *   <li>per dimension {@code dimensions[j]} in list order: {@code expected an object}; {@code
 *       name}: {@code is required}, {@code expected a string}, {@code dimension name '{n}' must
 *       match [a-z][a-z0-9_]*}, {@code duplicate dimension name '{n}'}; {@code kind}: {@code is
 *       required}, {@code expected a string}, {@code expected one of time, static, dynamic,
 *       tenant}; then by kind:
 *       <ul>
 *         <li>time: {@code granularity}: {@code time dimension '{n}' granularity must be one of
 *             hour, day, week, month} (absent is allowed: any date or timestamp); {@code start},
 *             {@code end}, {@code timezone}, {@code format}: {@code expected a string}, then {@code
 *             time dimension '{n}' needs a granularity (hour, day, week or month) to use start,
 *             end, timezone or format} (on the first one written), then the settings checks of
 *             {@link TimeAxis#of} on the setting they name: {@code timezone}, {@code format},
 *             {@code start}, {@code end} (also {@code start '{s}' is after end '{e}'});
 *         <li>static: {@code values} (optional: absent means any string): {@code expected an
 *             array}, {@code values[k]}: {@code expected a string}, {@code values}: {@code static
 *             dimension '{n}' values cannot be empty}, {@code values[k]}: {@code duplicate value
 *             '{v}'};
 *         <li>dynamic: {@code set}: {@code dynamic dimension '{n}' needs a set name}, {@code
 *             dynamic dimension '{n}' has invalid set name '{s}' (expected [a-z][a-z0-9_-]{0,63})};
 *         <li>tenant: nothing more.
 *       </ul>
 * </ul>
 */
final class PartitioningChecks {
  private static final List<String> KINDS = List.of("time", "static", "dynamic", "tenant");

  /** A time dimension's settings in the order {@link TimeAxis#of} checks them. */
  private static final List<String> TIME_SETTINGS = List.of("timezone", "format", "start", "end");

  private PartitioningChecks() {}

  /**
   * Checks the raw {@code partitioning} value of the asset at {@code assetPath} (e.g. {@code
   * assets[0]}).
   *
   * @throws FlowException {@code InvalidField} (422) with the first problem
   */
  static void check(String assetPath, Optional<JsonNode> partitioning) {
    if (partitioning.isEmpty()) {
      return;
    }
    String p = JsonShape.path(assetPath, "partitioning");
    JsonNode spec = partitioning.get();
    if (!spec.isObject()) {
      throw FlowException.invalidField(p, "expected an object");
    }
    boolean explicitlyUnpartitioned = false;
    for (String flag : List.of("is_partitioned", "isPartitioned")) {
      Optional<JsonNode> v = present(spec, flag);
      if (v.isPresent() && !v.get().isBoolean()) {
        throw FlowException.invalidField(JsonShape.path(p, flag), "expected a boolean");
      }
      explicitlyUnpartitioned |= v.isPresent() && !v.get().booleanValue();
    }
    String dp = JsonShape.path(p, "dimensions");
    Optional<JsonNode> dimensions = present(spec, "dimensions");
    if (dimensions.isPresent() && !dimensions.get().isArray()) {
      throw FlowException.invalidField(dp, "expected an array");
    }
    if (!explicitlyUnpartitioned) {
      if (dimensions.isEmpty()) {
        throw FlowException.invalidField(dp, "is required");
      }
      if (dimensions.get().isEmpty()) {
        throw FlowException.invalidField(dp, "must not be empty");
      }
    }
    if (dimensions.isEmpty()) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (int j = 0; j < dimensions.get().size(); j++) {
      checkDimension(dimensions.get().get(j), JsonShape.path(dp, j), names);
    }
  }

  private static void checkDimension(JsonNode d, String p, Set<String> names) {
    if (!d.isObject()) {
      throw FlowException.invalidField(p, "expected an object");
    }
    String name = requiredText(d, "name", p);
    if (!PartitionKey.isDimensionName(name)) {
      throw FlowException.invalidField(
          JsonShape.path(p, "name"), "dimension name '" + name + "' must match [a-z][a-z0-9_]*");
    }
    if (!names.add(name)) {
      throw FlowException.invalidField(
          JsonShape.path(p, "name"), "duplicate dimension name '" + name + "'");
    }
    String kind = requiredText(d, "kind", p);
    switch (kind) {
      case "time" -> checkTime(name, d, p);
      case "static" -> checkStatic(name, d, p);
      case "dynamic" -> checkDynamic(name, d, p);
      case "tenant" -> {
        // a tenant dimension has no settings
      }
      default ->
          throw FlowException.invalidField(
              JsonShape.path(p, "kind"), "expected one of " + String.join(", ", KINDS));
    }
  }

  private static void checkTime(String name, JsonNode d, String p) {
    Optional<JsonNode> granularity = present(d, "granularity");
    if (granularity.isPresent()
        && (!granularity.get().isTextual()
            || TimeGranularity.fromWire(granularity.get().textValue()).isEmpty())) {
      throw FlowException.invalidField(
          JsonShape.path(p, "granularity"),
          "time dimension '" + name + "' granularity must be one of hour, day, week, month");
    }
    for (String field : TIME_SETTINGS) {
      if (present(d, field).filter(v -> !v.isTextual()).isPresent()) {
        throw FlowException.invalidField(JsonShape.path(p, field), "expected a string");
      }
    }
    Optional<String> g = granularity.map(JsonNode::textValue);
    TimeDimension dim =
        new TimeDimension(
            name, g, text(d, "start"), text(d, "end"), text(d, "timezone"), text(d, "format"));
    if (!dim.hasSettings()) {
      return;
    }
    if (g.isEmpty()) {
      String first = TIME_SETTINGS.stream().filter(f -> text(d, f).isPresent()).findFirst().get();
      throw FlowException.invalidField(
          JsonShape.path(p, first),
          "time dimension '"
              + name
              + "' needs a granularity (hour, day, week or month) to use start, end, timezone or"
              + " format");
    }
    // TimeAxis checks timezone, format, start, end in that order; growing the dimension one
    // setting at a time names the setting that failed.
    Optional<String> none = Optional.empty();
    List<Map.Entry<String, TimeDimension>> steps =
        List.of(
            Map.entry("timezone", new TimeDimension(name, g, none, none, dim.timezone(), none)),
            Map.entry(
                "format", new TimeDimension(name, g, none, none, dim.timezone(), dim.format())),
            Map.entry(
                "start",
                new TimeDimension(name, g, dim.start(), none, dim.timezone(), dim.format())),
            Map.entry("end", dim));
    for (Map.Entry<String, TimeDimension> step : steps) {
      try {
        TimeAxis.of(step.getValue());
      } catch (FlowException e) {
        throw FlowException.invalidField(JsonShape.path(p, step.getKey()), e.error().message());
      }
    }
  }

  private static void checkStatic(String name, JsonNode d, String p) {
    Optional<JsonNode> values = present(d, "values");
    if (values.isEmpty()) {
      return;
    }
    String vp = JsonShape.path(p, "values");
    if (!values.get().isArray()) {
      throw FlowException.invalidField(vp, "expected an array");
    }
    for (int k = 0; k < values.get().size(); k++) {
      if (!values.get().get(k).isTextual()) {
        throw FlowException.invalidField(JsonShape.path(vp, k), "expected a string");
      }
    }
    if (values.get().isEmpty()) {
      throw FlowException.invalidField(
          vp, "static dimension '" + name + "' values cannot be empty");
    }
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < values.get().size(); k++) {
      String v = values.get().get(k).textValue();
      if (!seen.add(v)) {
        throw FlowException.invalidField(JsonShape.path(vp, k), "duplicate value '" + v + "'");
      }
    }
  }

  private static void checkDynamic(String name, JsonNode d, String p) {
    String sp = JsonShape.path(p, "set");
    Optional<String> set = text(d, "set");
    if (set.isEmpty()) {
      throw FlowException.invalidField(sp, "dynamic dimension '" + name + "' needs a set name");
    }
    if (!PartitionSetChange.isValidName(set.get())) {
      throw FlowException.invalidField(
          sp,
          "dynamic dimension '"
              + name
              + "' has invalid set name '"
              + set.get()
              + "' (expected "
              + PartitionSetChange.NAME_GRAMMAR
              + ")");
    }
  }

  private static String requiredText(JsonNode d, String field, String p) {
    JsonNode v = present(d, field).orElse(null);
    if (v == null) {
      throw FlowException.invalidField(JsonShape.path(p, field), "is required");
    }
    if (!v.isTextual()) {
      throw FlowException.invalidField(JsonShape.path(p, field), "expected a string");
    }
    return v.textValue();
  }

  private static Optional<JsonNode> present(JsonNode d, String field) {
    JsonNode v = d.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  private static Optional<String> text(JsonNode d, String field) {
    return present(d, field).filter(JsonNode::isTextual).map(JsonNode::textValue);
  }
}
