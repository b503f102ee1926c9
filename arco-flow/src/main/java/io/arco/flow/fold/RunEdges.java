package io.arco.flow.fold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The edge rows of one live run, by upstream task key and then downstream task key. A plan's edges
 * are fixed when it is created, so each task's out-edges are two sorted arrays (downstream keys and
 * their rows): resolving them when the task ends walks an array, and a 1,000-task barrier DAG's
 * 50,000 edges are sorted once per upstream instead of inserted one by one into trees. An edge the
 * plan created and nothing resolved yet has no row object; it reads as the unsatisfied row of the
 * plan's event. Iteration is in (upstream, downstream) order, the order the snapshot and history
 * rows keep. Rows are replaced in place by fold handlers; owned by {@link FoldState}.
 */
final class RunEdges {
  /** The out-edges of a task that has none; never read for rows, never changed. */
  private static final OutEdges NONE = new OutEdges("", "", "", new String[0], new EdgeRow[0]);

  private static final Comparator<EdgeRow> BY_DOWNSTREAM =
      Comparator.comparing(EdgeRow::downstreamTaskKey);

  private final String runId;
  private final HashMap<String, OutEdges> byUpstream;
  /** Upstream task keys in order. */
  private final String[] upstreams;
  private final int count;

  private RunEdges(String runId, HashMap<String, OutEdges> byUpstream) {
    this.runId = runId;
    this.byUpstream = byUpstream;
    this.upstreams = byUpstream.keySet().toArray(new String[0]);
    Arrays.sort(upstreams);
    this.count = byUpstream.values().stream().mapToInt(OutEdges::size).sum();
  }

  /**
   * The out-edges of one task: downstream keys in order, each with its row. A null row is an edge
   * as its plan created it: unsatisfied, unresolved, at the plan's row version.
   */
  static final class OutEdges {
    private final String runId;
    private final String upstream;
    private final String plannedVersion;
    private final String[] downstream;
    private final EdgeRow[] rows;

    private OutEdges(
        String runId, String upstream, String plannedVersion, String[] downstream, EdgeRow[] rows) {
      this.runId = runId;
      this.upstream = upstream;
      this.plannedVersion = plannedVersion;
      this.downstream = downstream;
      this.rows = rows;
    }

    int size() {
      return downstream.length;
    }

    String downstream(int i) {
      return downstream[i];
    }

    boolean satisfied(int i) {
      return rows[i] != null && rows[i].satisfied();
    }

    EdgeRow row(int i) {
      EdgeRow r = rows[i];
      return r != null
          ? r
          : new EdgeRow(
              runId,
              upstream,
              downstream[i],
              false,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              plannedVersion);
    }

    /** Replaces the row of the {@code i}-th edge (same upstream and downstream). */
    void set(int i, EdgeRow row) {
      rows[i] = row;
    }

    private int indexOf(String down) {
      return Arrays.binarySearch(downstream, down);
    }
  }

  /**
   * The edges of a new plan: each (upstream, downstream) pair unsatisfied at the plan's row
   * version {@code plannedVersion}.
   */
  static final class PlanBuilder {
    private final String runId;
    private final String plannedVersion;
    private final HashMap<String, List<String>> byUpstream = new HashMap<>();

    PlanBuilder(String runId, String plannedVersion) {
      this.runId = runId;
      this.plannedVersion = plannedVersion;
    }

    void add(String upstream, String downstream) {
      byUpstream.computeIfAbsent(upstream, k -> new ArrayList<>()).add(downstream);
    }

    boolean isEmpty() {
      return byUpstream.isEmpty();
    }

    RunEdges build() {
      HashMap<String, OutEdges> out = HashMap.newHashMap(byUpstream.size());
      byUpstream.forEach(
          (up, downs) -> {
            String[] keys = distinctSorted(downs);
            out.put(up, new OutEdges(runId, up, plannedVersion, keys, new EdgeRow[keys.length]));
          });
      return new RunEdges(runId, out);
    }
  }

  /** Task keys once each, in key order. */
  static String[] distinctSorted(List<String> keys) {
    String[] sorted = keys.toArray(new String[0]);
    Arrays.sort(sorted);
    int n = 0;
    for (String k : sorted) {
      if (n == 0 || !sorted[n - 1].equals(k)) {
        sorted[n++] = k;
      }
    }
    return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
  }

  /** The edges of one run from their rows in any order; a later row of the same edge wins. */
  static RunEdges of(String runId, List<EdgeRow> rows) {
    HashMap<String, List<EdgeRow>> byUp = new HashMap<>();
    for (EdgeRow e : rows) {
      byUp.computeIfAbsent(e.upstreamTaskKey(), k -> new ArrayList<>()).add(e);
    }
    HashMap<String, OutEdges> out = HashMap.newHashMap(byUp.size());
    byUp.forEach(
        (up, list) -> {
          list.sort(BY_DOWNSTREAM); // stable: of one edge's rows, the last given stays last
          List<EdgeRow> unique = new ArrayList<>(list.size());
          for (EdgeRow r : list) {
            int last = unique.size() - 1;
            if (last >= 0 && unique.get(last).downstreamTaskKey().equals(r.downstreamTaskKey())) {
              unique.set(last, r);
            } else {
              unique.add(r);
            }
          }
          String[] keys = new String[unique.size()];
          for (int i = 0; i < keys.length; i++) {
            keys[i] = unique.get(i).downstreamTaskKey();
          }
          out.put(up, new OutEdges(runId, up, "", keys, unique.toArray(new EdgeRow[0])));
        });
    return new RunEdges(runId, out);
  }

  Optional<EdgeRow> get(String upstream, String downstream) {
    OutEdges out = byUpstream.get(upstream);
    if (out == null) {
      return Optional.empty();
    }
    int i = out.indexOf(downstream);
    return i < 0 ? Optional.empty() : Optional.of(out.row(i));
  }

  /** The out-edges of {@code upstream}; empty (and not to be changed) when the task has none. */
  OutEdges outOf(String upstream) {
    OutEdges out = byUpstream.get(upstream);
    return out == null ? NONE : out;
  }

  /** The downstream task keys of {@code upstream}, in order; a copy. */
  SortedSet<String> downstreamOf(String upstream) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(Arrays.asList(outOf(upstream).downstream)));
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** Every row in (upstream, downstream) order. */
  List<EdgeRow> rows() {
    List<EdgeRow> all = new ArrayList<>(count);
    addRowsTo(all);
    return all;
  }

  /** Adds every row to {@code into} in (upstream, downstream) order. */
  void addRowsTo(List<EdgeRow> into) {
    for (String up : upstreams) {
      OutEdges out = byUpstream.get(up);
      for (int i = 0; i < out.size(); i++) {
        into.add(out.row(i));
      }
    }
  }
}
