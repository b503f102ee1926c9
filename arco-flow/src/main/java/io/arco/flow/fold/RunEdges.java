package io.arco.flow.fold;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The edge rows of one live run, by upstream task key and then downstream task key. Iteration is
 * in (upstream, downstream) order, the order the snapshot and history rows keep, and the out-edges
 * of a task are one lookup: resolving them when the task ends walks a small map of its own rather
 * than searching one map of every edge of the run (a 1,000-task barrier DAG has 50,000). Mutable;
 * owned by {@link FoldState} and changed only by fold handlers.
 */
final class RunEdges {
  private final TreeMap<String, TreeMap<String, EdgeRow>> byUpstream = new TreeMap<>();

  /** Adds or replaces the row of its (upstream, downstream) edge. */
  void put(EdgeRow e) {
    byUpstream.computeIfAbsent(e.upstreamTaskKey(), k -> new TreeMap<>()).put(e.downstreamTaskKey(), e);
  }

  Optional<EdgeRow> get(String upstream, String downstream) {
    TreeMap<String, EdgeRow> out = byUpstream.get(upstream);
    return out == null ? Optional.empty() : Optional.ofNullable(out.get(downstream));
  }

  /**
   * The out-edges of {@code upstream} by downstream task key; handlers replace rows through its
   * entries. Empty (and not to be changed) when the task has none.
   */
  NavigableMap<String, EdgeRow> outOf(String upstream) {
    TreeMap<String, EdgeRow> out = byUpstream.get(upstream);
    return out == null ? Collections.emptyNavigableMap() : out;
  }

  boolean isEmpty() {
    return byUpstream.isEmpty();
  }

  /** Every row in (upstream, downstream) order. */
  List<EdgeRow> rows() {
    List<EdgeRow> all = new ArrayList<>();
    byUpstream.values().forEach(m -> all.addAll(m.values()));
    return all;
  }

  /** Adds every row to {@code into} in (upstream, downstream) order. */
  void addRowsTo(List<EdgeRow> into) {
    byUpstream.values().forEach(m -> into.addAll(m.values()));
  }
}
