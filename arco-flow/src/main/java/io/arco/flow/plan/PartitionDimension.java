package io.arco.flow.plan;

import io.arco.flow.model.Utf8Order;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One named dimension of an asset's partitioning (api-contract §6.1, decisions §6.5), by kind.
 * Every consumer switches over this sealed type without a default, so the compiler lists what a
 * new kind must handle. Components hold what the manifest wrote; {@link TimeAxis} interprets a
 * time dimension's settings and {@link PartitioningChecks} refuses bad ones at deploy.
 */
public sealed interface PartitionDimension {

  /** The dimension name (the key in a partition key). */
  String name();

  /** The manifest's {@code kind} spelling. */
  String kind();

  /**
   * What two roots must agree on to share partitioning (api-contract §6.1): kind, granularity and
   * the {@code values} whitelist, plus the settings Arco adds (decisions §6.5: a time dimension's
   * {@code start}, {@code end}, {@code timezone} and {@code format}; a dynamic dimension's {@code
   * set}). A kind contributes only the fields it uses.
   */
  Signature signature();

  /**
   * The compared part of a dimension; an empty {@code values} set means "no whitelist"; {@code
   * settings} holds Arco's additional settings by name.
   */
  record Signature(
      String kind,
      Optional<String> granularity,
      SortedSet<String> values,
      SortedMap<String, String> settings) {
    public Signature {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(granularity, "granularity");
      values = Collections.unmodifiableSortedSet(sortedCopy(values));
      settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }
  }

  /**
   * {@code kind: "time"}: values are {@code d:} dates or {@code t:} timestamps. Every component is
   * kept as written ({@link #knownGranularity()} reads the granularity; {@link TimeAxis} the
   * rest):
   *
   * <ul>
   *   <li>{@code granularity}: {@code hour}, {@code day}, {@code week}, {@code month} or absent
   *       (any date or timestamp);
   *   <li>{@code start}, {@code end}: inclusive bounds on window starts, {@code YYYY-MM-DD} (for
   *       {@code hour} also an RFC 3339 instant; a date then means that whole local day);
   *   <li>{@code timezone}: an IANA zone, UTC when absent; hourly windows are local hours of it;
   *   <li>{@code format}: a {@link java.time.format.DateTimeFormatter} pattern for plain-string
   *       values of this dimension.
   * </ul>
   */
  record TimeDimension(
      String name,
      Optional<String> granularity,
      Optional<String> start,
      Optional<String> end,
      Optional<String> timezone,
      Optional<String> format)
      implements PartitionDimension {
    /** The zone of a dimension without {@code timezone}. */
    public static final String DEFAULT_TIMEZONE = "UTC";

    public TimeDimension {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(granularity, "granularity");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(timezone, "timezone");
      Objects.requireNonNull(format, "format");
    }

    /** A time dimension with only the contract's fields (api-contract §6.1). */
    public TimeDimension(String name, Optional<String> granularity) {
      this(
          name, granularity, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public String kind() {
      return "time";
    }

    /** The granularity if it is one Arco resolves; empty when absent or unknown. */
    public Optional<TimeGranularity> knownGranularity() {
      return granularity.flatMap(TimeGranularity::fromWire);
    }

    /** Whether any of decisions §6.5's settings (start, end, timezone, format) is written. */
    public boolean hasSettings() {
      return start.isPresent() || end.isPresent() || timezone.isPresent() || format.isPresent();
    }

    @Override
    public Signature signature() {
      TreeMap<String, String> settings = new TreeMap<>();
      start.ifPresent(v -> settings.put("start", v));
      end.ifPresent(v -> settings.put("end", v));
      settings.put("timezone", timezone.orElse(DEFAULT_TIMEZONE));
      format.ifPresent(v -> settings.put("format", v));
      return new Signature(kind(), granularity, new TreeSet<>(), settings);
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
      return new Signature(kind(), Optional.empty(), values, new TreeMap<>());
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
      return new Signature(kind(), Optional.empty(), new TreeSet<>(), new TreeMap<>());
    }
  }

  /**
   * {@code kind: "dynamic"} (decisions §6.5): string values that must be current members of the
   * workspace's partition set {@code set} (decisions §6.6), added and removed by API.
   */
  record DynamicDimension(String name, String set) implements PartitionDimension {
    public DynamicDimension {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(set, "set");
    }

    @Override
    public String kind() {
      return "dynamic";
    }

    @Override
    public Signature signature() {
      TreeMap<String, String> settings = new TreeMap<>();
      settings.put("set", set);
      return new Signature(kind(), Optional.empty(), new TreeSet<>(), settings);
    }
  }

  /**
   * A kind Arco does not know (or a {@code dynamic} dimension without a string {@code set}, which
   * deploy refuses but a lenient read keeps). Reading the manifest keeps it (the reference accepts
   * such manifests); resolving a partition for it answers {@code unsupported partition dimension
   * kind '{kind}' for '{name}'}. Its signature keeps whatever granularity and values were written.
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
      return new Signature(kind, granularity, values, new TreeMap<>());
    }
  }

  private static SortedSet<String> sortedCopy(SortedSet<String> values) {
    TreeSet<String> copy = new TreeSet<>(Utf8Order.COMPARATOR);
    copy.addAll(values);
    return copy;
  }
}
