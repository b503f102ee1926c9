package io.arco.flow.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A backfill's partition selector (flow-model part 1 §4.10), stored compactly: a range is its two
 * bounds, never the expanded list. {@code Filter} holds the normalised {@code {start, end}}.
 */
public sealed interface PartitionSelector {
  /** Inclusive bounds, as {@code YYYY-MM-DD} (or the bound forms of the asset's time dimension). */
  record Range(String start, String end) implements PartitionSelector {
    public Range {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }
  }

  /** The partition keys in the order given. */
  record Explicit(List<String> partitionKeys) implements PartitionSelector {
    public Explicit {
      partitionKeys = List.copyOf(partitionKeys);
    }
  }

  /** Filters by name (sorted); the API normalises them to exactly {@code start} and {@code end}. */
  record Filter(Map<String, String> filters) implements PartitionSelector {
    public Filter {
      filters = Collections.unmodifiableSortedMap(new TreeMap<>(filters));
    }
  }
}
