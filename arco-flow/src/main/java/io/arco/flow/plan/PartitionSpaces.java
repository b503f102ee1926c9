package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.PartitionPair;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.model.Utf8Order;
import io.arco.flow.plan.PartitionDimension.DynamicDimension;
import io.arco.flow.plan.PartitionDimension.StaticDimension;
import io.arco.flow.plan.PartitionDimension.TenantDimension;
import io.arco.flow.plan.PartitionDimension.TimeDimension;
import io.arco.flow.plan.PartitionDimension.UnsupportedDimension;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Resolves a backfill selector against an asset's partitioning (decisions §2.5, §6.5).
 *
 * <ul>
 *   <li><b>Explicit</b> keys resolve like a trigger's partition ({@link PartitionResolver}, with
 *       the dynamic members given): a canonical key, or for a one-dimension asset a plain value of
 *       that dimension; multi-dimension assets need canonical keys. They are de-duplicated keeping
 *       the first occurrence.
 *   <li><b>Range</b> and <b>filter</b> selectors need exactly one time dimension. Its windows whose
 *       start lies between the bounds (inclusive, clipped to the dimension's {@code start} and
 *       {@code end}; bounds as {@link TimeAxis} reads them) are crossed with every value of the
 *       other dimensions: a static whitelist, or a dynamic set's members as {@code members} has
 *       them now (the space keeps that copy). A time dimension without granularity enumerates
 *       days. Order: windows ascending, then the other dimensions in name order, values ascending
 *       in UTF-8 order. The space is computed, never materialised ({@link RangeSpace}).
 * </ul>
 *
 * Every failure is a 400 ({@code InvalidRequest}), checked in this order: {@code partition key
 * provided for unpartitioned asset: {asset}}; for range and filter selectors the selector's own
 * checks ({@code range selector requires start and end}; {@code filter selector requires start/end
 * bounds}, {@code filter selector start bounds are conflicting}, {@code … end bounds are
 * conflicting}), {@code range selectors need an asset with a time dimension}, {@code range
 * selectors need an asset with exactly one time dimension}, {@code unsupported time granularity
 * '{g}' for '{n}'}, {@code range selector cannot enumerate dimension '{n}' of kind '{kind}'} (a
 * tenant or unknown kind, or a static dimension without {@code values}), the time dimension's
 * settings ({@link TimeAxis#of}), {@code partition selector bounds must use YYYY-MM-DD}, {@code
 * partition selector start must be less than or equal to end}, {@code partition selector names too
 * many partitions} (beyond a {@code long}), {@code partitionKey exceeds max length (1024)}; for
 * explicit selectors the resolver's message of the first bad key; finally {@code partition selector
 * resolves to zero partitions}.
 */
public final class PartitionSpaces {
  private PartitionSpaces() {}

  /**
   * The space a selector names.
   *
   * @throws FlowException {@code InvalidRequest} (400) naming what does not resolve
   */
  public static PartitionSpace of(
      String assetKey, PartitionSpec spec, PartitionSelector selector, DynamicMembers members) {
    if (!spec.partitioned()) {
      throw FlowException.invalid("partition key provided for unpartitioned asset: " + assetKey);
    }
    PartitionSpace space =
        switch (selector) {
          case PartitionSelector.Explicit e -> explicit(spec, e.partitionKeys(), members);
          case PartitionSelector.Range r -> {
            if (r.start().isBlank() || r.end().isBlank()) {
              throw FlowException.invalid("range selector requires start and end");
            }
            yield range(spec, r.start(), r.end(), members);
          }
          case PartitionSelector.Filter f ->
              range(
                  spec,
                  filterBound(f.filters(), "start", "partition_start"),
                  filterBound(f.filters(), "end", "partition_end"),
                  members);
        };
    if (space.size() == 0) {
      throw FlowException.invalid("partition selector resolves to zero partitions");
    }
    return space;
  }

  private static String filterBound(Map<String, String> filters, String key, String alias) {
    Optional<String> plain = Optional.ofNullable(filters.get(key)).map(String::strip);
    Optional<String> aliased = Optional.ofNullable(filters.get(alias)).map(String::strip);
    if (plain.isPresent() && aliased.isPresent() && !plain.equals(aliased)) {
      throw FlowException.invalid("filter selector " + key + " bounds are conflicting");
    }
    return plain
        .or(() -> aliased)
        .filter(v -> !v.isEmpty())
        .orElseThrow(() -> FlowException.invalid("filter selector requires start/end bounds"));
  }

  private static PartitionSpace explicit(
      PartitionSpec spec, List<String> keys, DynamicMembers members) {
    LinkedHashSet<String> canonical = new LinkedHashSet<>();
    for (String k : keys) {
      canonical.add(resolveOne(spec, k, members));
    }
    return listed(List.copyOf(canonical));
  }

  /** One explicit key: canonical form first; a plain value when the asset has one dimension. */
  static String resolveOne(PartitionSpec spec, String key, DynamicMembers members) {
    try {
      return PartitionResolver.DEFAULT
          .resolve(Optional.of(key), List.of(), spec, members)
          .orElseThrow()
          .canonicalKey();
    } catch (FlowException canonicalProblem) {
      if (spec.dimensions().size() != 1 || key.contains("=")) {
        throw canonicalProblem;
      }
      String dim = spec.dimensions().firstKey();
      return PartitionResolver.DEFAULT
          .resolve(Optional.empty(), List.of(new PartitionPair(dim, key)), spec, members)
          .orElseThrow()
          .canonicalKey();
    }
  }

  /** A space over an already-resolved list. */
  public static PartitionSpace listed(List<String> keys) {
    List<String> copy = List.copyOf(keys);
    return new PartitionSpace() {
      @Override
      public long size() {
        return copy.size();
      }

      @Override
      public List<String> slice(long offset, int limit) {
        if (offset < 0) {
          throw new IllegalArgumentException("negative offset " + offset);
        }
        if (offset >= copy.size() || limit <= 0) {
          return List.of();
        }
        return copy.subList((int) offset, (int) Math.min(copy.size(), offset + limit));
      }
    };
  }

  private static PartitionSpace range(
      PartitionSpec spec, String start, String end, DynamicMembers members) {
    List<TimeDimension> times = new ArrayList<>();
    spec.dimensions().values().forEach(d -> {
      if (d instanceof TimeDimension t) {
        times.add(t);
      }
    });
    if (times.isEmpty()) {
      throw FlowException.invalid("range selectors need an asset with a time dimension");
    }
    if (times.size() > 1) {
      throw FlowException.invalid("range selectors need an asset with exactly one time dimension");
    }
    TimeDimension time = times.get(0);
    if (time.granularity().isPresent() && time.knownGranularity().isEmpty()) {
      throw FlowException.invalid(
          "unsupported time granularity '"
              + time.granularity().get()
              + "' for '"
              + time.name()
              + "'");
    }
    List<List<String>> values = new ArrayList<>();
    for (PartitionDimension d : spec.dimensions().values()) {
      if (d != time) {
        values.add(valuesOf(d, members));
      }
    }
    TimeAxis axis =
        time.knownGranularity().isPresent() ? TimeAxis.of(time) : TimeAxis.plainDaily(time.name());
    TimeWindows windows = axis.windows(start, end);
    RangeSpace space;
    try {
      space =
          new RangeSpace(List.copyOf(spec.dimensions().keySet()), time.name(), windows, values);
    } catch (ArithmeticException e) {
      throw FlowException.invalid("partition selector names too many partitions");
    }
    if (space.maxKeyBytes() > PartitionResolver.MAX_KEY_BYTES) {
      throw FlowException.invalid("partitionKey exceeds max length (1024)");
    }
    return space;
  }

  /** The values a range enumerates for a dimension other than the time dimension. */
  private static List<String> valuesOf(PartitionDimension d, DynamicMembers members) {
    return switch (d) {
      case StaticDimension s -> {
        if (s.values().isEmpty()) {
          throw cannotEnumerate(s);
        }
        yield List.copyOf(s.values());
      }
      case DynamicDimension dyn -> {
        TreeSet<String> sorted = new TreeSet<>(Utf8Order.COMPARATOR);
        sorted.addAll(members.members(dyn.set()));
        yield List.copyOf(sorted);
      }
      case TimeDimension t -> throw cannotEnumerate(t);
      case TenantDimension t -> throw cannotEnumerate(t);
      case UnsupportedDimension u -> throw cannotEnumerate(u);
    };
  }

  private static FlowException cannotEnumerate(PartitionDimension d) {
    return FlowException.invalid(
        "range selector cannot enumerate dimension '" + d.name() + "' of kind '" + d.kind() + "'");
  }
}
