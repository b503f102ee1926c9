package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.model.Utf8Order;
import io.arco.flow.plan.PartitionDimension.DynamicDimension;
import io.arco.flow.plan.PartitionDimension.StaticDimension;
import io.arco.flow.plan.PartitionDimension.TenantDimension;
import io.arco.flow.plan.PartitionDimension.TimeDimension;
import io.arco.flow.plan.PartitionDimension.UnsupportedDimension;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An asset's partitioning as read from its manifest {@code partitioning} value (api-contract §6.1,
 * decisions §6.5): whether it is partitioned and its dimensions by name. Reading is lenient, like
 * the reference: a {@code null} or non-object value is unpartitioned; a dimension without a string
 * {@code name} or {@code kind} is dropped; {@code is_partitioned} (alias {@code isPartitioned})
 * {@code false} with dimensions still counts as partitioned; without the flag, partitioned means
 * "has dimensions". Two dimensions with the same name: the later one wins (a map built from the
 * list). Unknown kinds are kept and refused only when a partition is resolved. Optional string
 * fields ({@code granularity}, a time dimension's {@code start}, {@code end}, {@code timezone},
 * {@code format}, a dynamic dimension's {@code set}) that are not strings read as absent; a {@code
 * dynamic} dimension without a {@code set} is kept as an {@link UnsupportedDimension}. Deploy
 * refuses all of these first ({@link PartitioningChecks}); the leniency is for stored documents.
 */
public record PartitionSpec(boolean partitioned, SortedMap<String, PartitionDimension> dimensions) {

  /** No partitioning. */
  public static final PartitionSpec UNPARTITIONED = new PartitionSpec(false, new TreeMap<>());

  public PartitionSpec {
    TreeMap<String, PartitionDimension> copy = new TreeMap<>(Utf8Order.COMPARATOR);
    copy.putAll(dimensions);
    dimensions = Collections.unmodifiableSortedMap(copy);
    if (!partitioned && !dimensions.isEmpty()) {
      throw new IllegalArgumentException("an unpartitioned spec has no dimensions");
    }
  }

  /** Reads an asset's {@code partitioning} value; absent means unpartitioned. */
  public static PartitionSpec from(Optional<JsonNode> partitioning) {
    return partitioning.map(PartitionSpec::from).orElse(UNPARTITIONED);
  }

  /** Reads an asset's {@code partitioning} value with the lenient rules above. */
  public static PartitionSpec from(JsonNode partitioning) {
    if (partitioning == null || !partitioning.isObject()) {
      return UNPARTITIONED;
    }
    Optional<Boolean> flag = booleanField(partitioning, "is_partitioned");
    if (flag.isEmpty()) {
      flag = booleanField(partitioning, "isPartitioned");
    }
    TreeMap<String, PartitionDimension> dims = new TreeMap<>(Utf8Order.COMPARATOR);
    JsonNode list = partitioning.get("dimensions");
    if (list != null && list.isArray()) {
      for (JsonNode d : list) {
        readDimension(d).ifPresent(dim -> dims.put(dim.name(), dim));
      }
    }
    boolean partitioned = flag.orElse(false) || !dims.isEmpty();
    return partitioned ? new PartitionSpec(true, dims) : UNPARTITIONED;
  }

  private static Optional<PartitionDimension> readDimension(JsonNode d) {
    if (!d.isObject()) {
      return Optional.empty();
    }
    Optional<String> name = stringField(d, "name");
    Optional<String> kind = stringField(d, "kind");
    if (name.isEmpty() || kind.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> granularity = stringField(d, "granularity");
    SortedSet<String> values = new TreeSet<>(Utf8Order.COMPARATOR);
    JsonNode list = d.get("values");
    if (list != null && list.isArray()) {
      for (JsonNode v : list) {
        if (v.isTextual()) {
          values.add(v.textValue());
        }
      }
    }
    return Optional.of(
        switch (kind.get()) {
          case "time" ->
              new TimeDimension(
                  name.get(),
                  granularity,
                  stringField(d, "start"),
                  stringField(d, "end"),
                  stringField(d, "timezone"),
                  stringField(d, "format"));
          case "static" -> new StaticDimension(name.get(), values);
          case "tenant" -> new TenantDimension(name.get());
          case "dynamic" ->
              stringField(d, "set")
                  .<PartitionDimension>map(set -> new DynamicDimension(name.get(), set))
                  .orElseGet(
                      () -> new UnsupportedDimension(name.get(), kind.get(), granularity, values));
          default -> new UnsupportedDimension(name.get(), kind.get(), granularity, values);
        });
  }

  private static Optional<String> stringField(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
  }

  private static Optional<Boolean> booleanField(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isBoolean() ? Optional.of(v.booleanValue()) : Optional.empty();
  }

  /** The dimension names, sorted. */
  public SortedSet<String> dimensionNames() {
    TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
    names.addAll(dimensions.keySet());
    return Collections.unmodifiableSortedSet(names);
  }

  /**
   * Whether two assets have identical partitioning (api-contract §6.1): both unpartitioned, or both
   * partitioned with the same dimension names and, per name, the same {@link
   * PartitionDimension.Signature}.
   */
  public boolean compatibleWith(PartitionSpec other) {
    if (partitioned != other.partitioned
        || !dimensions.keySet().equals(other.dimensions.keySet())) {
      return false;
    }
    for (Map.Entry<String, PartitionDimension> e : dimensions.entrySet()) {
      if (!e.getValue().signature().equals(other.dimensions.get(e.getKey()).signature())) {
        return false;
      }
    }
    return true;
  }
}
