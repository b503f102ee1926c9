package io.arco.flow.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The asset dependency graph of a manifest (flow-model part 3 §2.2): canonical keys as nodes,
 * {@code upstreams(a)} the keys {@code a} depends on (first-mention order, duplicates dropped) and
 * {@code downstreams(u)} the keys that depend on {@code u} (in key order). Edges to keys outside
 * the graph are dropped. Immutable.
 */
public final class AssetGraph {
  private final TreeMap<String, List<String>> upstream = new TreeMap<>();
  private final TreeMap<String, List<String>> downstream = new TreeMap<>();
  private final HashMap<String, List<String>> sortedUpstream = new HashMap<>();

  private AssetGraph(Map<String, ? extends Collection<String>> upstreams) {
    for (String node : new TreeSet<>(upstreams.keySet())) {
      upstream.put(node, new ArrayList<>());
      downstream.put(node, new ArrayList<>());
    }
    for (Map.Entry<String, List<String>> e : upstream.entrySet()) {
      for (String dep : new LinkedHashSet<>(upstreams.get(e.getKey()))) {
        if (upstream.containsKey(dep)) {
          e.getValue().add(dep);
          downstream.get(dep).add(e.getKey());
        }
      }
    }
    upstream.replaceAll((k, v) -> List.copyOf(v));
    downstream.replaceAll((k, v) -> List.copyOf(v));
    upstream.forEach((k, v) -> sortedUpstream.put(k, v.stream().sorted().toList()));
  }

  /** The last manifest a graph was built for, by identity (manifests are immutable). */
  private record Built(Manifest manifest, AssetGraph graph) {}

  private static volatile Built last = new Built(null, null);

  /**
   * The graph of a manifest's assets and their dependencies. The graph of the last manifest asked
   * for is kept: a workspace plans every run against the same parsed latest manifest, whose graph
   * (50,000 edges for a 1,000-asset barrier DAG) would otherwise be rebuilt per trigger.
   */
  public static AssetGraph of(Manifest manifest) {
    Built b = last;
    if (b.manifest() == manifest) {
      return b.graph();
    }
    Map<String, List<String>> upstreams = new HashMap<>();
    manifest.assets().forEach(a -> upstreams.put(a.key(), a.upstreamKeys()));
    AssetGraph graph = new AssetGraph(upstreams);
    last = new Built(manifest, graph);
    return graph;
  }

  /** A graph from node &rarr; upstream keys (every node a key of the map). */
  public static AssetGraph of(Map<String, ? extends Collection<String>> upstreams) {
    return new AssetGraph(upstreams);
  }

  /** Every node, sorted. */
  public SortedSet<String> keys() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(upstream.keySet()));
  }

  public boolean contains(String key) {
    return upstream.containsKey(key);
  }

  /** What {@code key} depends on; empty for an unknown key. */
  public List<String> upstreams(String key) {
    return upstream.getOrDefault(key, List.of());
  }

  /** What depends on {@code key}; empty for an unknown key. */
  public List<String> downstreams(String key) {
    return downstream.getOrDefault(key, List.of());
  }

  /**
   * The planned set for a selection (api-contract §7.2): the roots, plus with {@code
   * includeUpstream} everything reachable upstream from them, plus with {@code includeDownstream}
   * everything reachable downstream from them. The two expansions start independently from the
   * original roots (upstreams of downstreams are not added). Unknown roots are kept and have no
   * edges. Cycles terminate through the visited set.
   *
   * @return the planned keys, sorted and distinct
   */
  public List<String> closure(
      Collection<String> roots, boolean includeUpstream, boolean includeDownstream) {
    TreeSet<String> planned = new TreeSet<>(roots);
    if (includeUpstream) {
      planned.addAll(reachable(roots, upstream));
    }
    if (includeDownstream) {
      planned.addAll(reachable(roots, downstream));
    }
    return List.copyOf(planned);
  }

  private static Collection<String> reachable(
      Collection<String> roots, Map<String, List<String>> edges) {
    LinkedHashSet<String> seen = new LinkedHashSet<>(roots);
    Deque<String> queue = new ArrayDeque<>(new TreeSet<>(roots));
    while (!queue.isEmpty()) {
      for (String next : edges.getOrDefault(queue.poll(), List.of())) {
        if (seen.add(next)) {
          queue.add(next);
        }
      }
    }
    return seen;
  }

  /**
   * The first dependency cycle (flow-model §0.3.13): a depth-first search that starts from each
   * node in key order and follows "depends on" edges in key order; the first edge back to a node on
   * the current path closes the cycle. The cycle is rotated to start at its smallest key and
   * repeats it at the end ({@code [a, b, a]}); a self-dependency is {@code [a, a]}.
   */
  public Optional<List<String>> firstCycle() {
    Map<String, Integer> state = new HashMap<>(); // absent = unvisited, 1 = on path, 2 = done
    for (String start : upstream.keySet()) {
      if (state.containsKey(start)) {
        continue;
      }
      List<String> path = new ArrayList<>();
      Deque<Frame> stack = new ArrayDeque<>();
      stack.push(new Frame(start, sortedUpstreams(start)));
      path.add(start);
      state.put(start, 1);
      while (!stack.isEmpty()) {
        Frame top = stack.peek();
        if (top.next < top.neighbours.size()) {
          String n = top.neighbours.get(top.next++);
          Integer s = state.get(n);
          if (s == null) {
            state.put(n, 1);
            path.add(n);
            stack.push(new Frame(n, sortedUpstreams(n)));
          } else if (s == 1) {
            return Optional.of(rotate(path.subList(path.indexOf(n), path.size())));
          }
        } else {
          state.put(top.node, 2);
          stack.pop();
          path.remove(path.size() - 1);
        }
      }
    }
    return Optional.empty();
  }

  /** What {@code key} depends on, in key order; empty for an unknown key. */
  public List<String> sortedUpstreams(String node) {
    return sortedUpstream.getOrDefault(node, List.of());
  }

  /** How many nodes the graph has. */
  public int size() {
    return upstream.size();
  }

  private static List<String> rotate(List<String> cycle) {
    int smallest = cycle.indexOf(Collections.min(cycle));
    List<String> out = new ArrayList<>(cycle.subList(smallest, cycle.size()));
    out.addAll(cycle.subList(0, smallest));
    out.add(out.get(0));
    return List.copyOf(out);
  }

  private static final class Frame {
    final String node;
    final List<String> neighbours;
    int next;

    Frame(String node, List<String> neighbours) {
      this.node = node;
      this.neighbours = neighbours;
    }
  }
}
