package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.event.PartitionSelector;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a backfill selector against an asset's partitioning (decisions §2.5, §6.5): explicit
 * keys resolve like a trigger's partition (a canonical key, or for a one-dimension asset a plain
 * value of that dimension) and are de-duplicated keeping the first occurrence; range and filter
 * bounds enumerate the asset's time dimension lazily.
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
    return switch (selector) {
      case PartitionSelector.Explicit e -> explicit(spec, e.partitionKeys());
      case PartitionSelector.Range r -> range(spec, r.start(), r.end());
      case PartitionSelector.Filter f -> range(spec, f.filters().get("start"), f.filters().get("end"));
    };
  }

  private static PartitionSpace explicit(PartitionSpec spec, List<String> keys) {
    LinkedHashSet<String> canonical = new LinkedHashSet<>();
    for (String k : keys) {
      canonical.add(resolveOne(spec, k));
    }
    return listed(List.copyOf(canonical));
  }

  /** One explicit key: canonical form first; a plain value when the asset has one dimension. */
  static String resolveOne(PartitionSpec spec, String key) {
    try {
      return PartitionResolver.DEFAULT
          .resolve(Optional.of(key), List.of(), spec)
          .orElseThrow()
          .canonicalKey();
    } catch (FlowException canonicalProblem) {
      if (spec.dimensions().size() != 1 || key.contains("=")) {
        throw canonicalProblem;
      }
      String dim = spec.dimensions().firstKey();
      return PartitionResolver.DEFAULT
          .resolve(Optional.empty(), List.of(new PartitionPair(dim, key)), spec)
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
        if (offset >= copy.size() || limit <= 0) {
          return List.of();
        }
        return copy.subList((int) offset, (int) Math.min(copy.size(), offset + limit));
      }
    };
  }

  private static PartitionSpace range(PartitionSpec spec, String start, String end) {
    if (spec.dimensions().size() != 1
        || !(spec.dimensions().get(spec.dimensions().firstKey())
            instanceof PartitionDimension.TimeDimension time)
        || time.knownGranularity().map(g -> g != TimeGranularity.DAY).orElse(false)) {
      throw FlowException.invalid("range selectors need an asset with one daily time dimension");
    }
    LocalDate from = date(start);
    LocalDate to = date(end);
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    String name = time.name();
    return new PartitionSpace() {
      @Override
      public long size() {
        return Math.max(0, days);
      }

      @Override
      public List<String> slice(long offset, int limit) {
        List<String> out = new ArrayList<>();
        for (long i = offset; i < days && out.size() < limit; i++) {
          out.add(name + "=d:" + from.plusDays(i));
        }
        return out;
      }
    };
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException | NullPointerException e) {
      throw FlowException.invalid("partition selector bounds must use YYYY-MM-DD");
    }
  }
}
