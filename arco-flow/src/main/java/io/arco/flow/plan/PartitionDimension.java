package io.arco.flow.plan;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One named dimension of an asset's partitioning (api-contract §6.1), by kind. Later kinds and
 * fields of decisions §6.5 (a {@code dynamic} dimension naming its set; {@code start}, {@code end}
 * and {@code timezone} on time dimensions) are new variants or components here; every consumer
 * switches over this sealed type without a default, so the compiler lists what they must handle.
 */
public sealed interface PartitionDimension {

  /** The dimension name (the key in a partition key). */
  String name();

  /** The manifest's {@code kind} spelling. */
  String kind();

  /**
   * What two roots must agree on to share partitioning (api-contract §6.1): kind, granularity and
   * the {@code values} whitelist. A kind contributes only the fields it uses.
   */
  Signature signature();

  /** The compared part of a dimension; an empty {@code values} set means "no whitelist". */
  record Signature(String kind, Optional<String> granularity, SortedSet<String> values) {
    public Signature {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(granularity, "granularity");
      values = Collections.unmodifiableSortedSet(sortedCopy(values));
    }
  }

  /**
   * {@code kind: "time"}: values are {@code d:} dates or {@code t:} timestamps. The granularity is
   * kept as written; {@link #knownGranularity()} reads it.
   */
  record TimeDimension(String name, Optional<String> granularity) implements PartitionDimension {
    public TimeDimension {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(granularity, "granularity");
    }

    @Override
    public String kind() {
      return "time";
    }

    /** The granularity if it is one Arco resolves; empty when absent or unknown. */
    public Optional<TimeGranularity> knownGranularity() {
      return granularity.flatMap(TimeGranularity::fromWire);
    }

    @Override
    public Signature signature() {
      return new Signature(kind(), granularity, new TreeSet<>());
    }
  }

  /** {@code kind: "static"}: string values, restricted to {@code values} when that is non-empty. */
  record StaticDimension(String name, SortedSet<String> values) implements PartitionDimension {
    public StaticDimension {
      Objects.requireNonNull(name, "name");
      values = Collections.unmodifiableSortedSet(sortedCopy(values));
    }

    @Override
    public String kind() {
      return "static";
    }

    @Override
    public Signature signature() {
      return new Signature(kind(), Optional.empty(), values);
    }
  }

  /** {@code kind: "tenant"}: any string value. */
  record TenantDimension(String name) implements PartitionDimension {
    public TenantDimension {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String kind() {
      return "tenant";
    }

    @Override
    public Signature signature() {
      return new Signature(kind(), Optional.empty(), new TreeSet<>());
    }
  }

  /**
   * A kind Arco does not know. Reading the manifest keeps it (the reference accepts such
   * manifests); resolving a partition for it answers {@code unsupported partition dimension kind
   * '{kind}' for '{name}'}. Its signature keeps whatever granularity and values were written.
   */
  record UnsupportedDimension(
      String name, String kind, Optional<String> granularity, SortedSet<String> values)
      implements PartitionDimension {
    public UnsupportedDimension {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(granularity, "granularity");
      values = Collections.unmodifiableSortedSet(sortedCopy(values));
    }

    @Override
    public Signature signature() {
      return new Signature(kind, granularity, values);
    }
  }

  private static SortedSet<String> sortedCopy(SortedSet<String> values) {
    TreeSet<String> copy = new TreeSet<>(Utf8Order.COMPARATOR);
    copy.addAll(values);
    return copy;
  }
}
