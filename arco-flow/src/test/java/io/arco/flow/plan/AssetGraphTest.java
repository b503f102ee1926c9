package io.arco.flow.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssetGraphTest {
  // a -> b -> c: b depends on a, c depends on b.
  private static final AssetGraph CHAIN =
      AssetGraph.of(Map.of("x.a", List.of(), "x.b", List.of("x.a"), "x.c", List.of("x.b")));

  @Test
  void selectingOnlyTheRootPlansOnlyTheRoot() {
    assertThat(CHAIN.closure(List.of("x.a"), false, false)).containsExactly("x.a");
  }

  @Test
  void includeDownstreamFollowsDependentsTransitively() {
    assertThat(CHAIN.closure(List.of("x.a"), false, true)).containsExactly("x.a", "x.b", "x.c");
  }

  @Test
  void includeUpstreamFollowsDependenciesTransitively() {
    assertThat(CHAIN.closure(List.of("x.c"), true, false)).containsExactly("x.a", "x.b", "x.c");
  }

  @Test
  void expansionsStartIndependentlyFromTheRoots() {
    // d depends on a; b depends on a. Downstream of b is c; upstream of c's other parents is not
    // added.
    AssetGraph g =
        AssetGraph.of(
            Map.of(
                "x.a", List.of(),
                "x.b", List.of("x.a"),
                "x.c", List.of("x.b", "x.d"),
                "x.d", List.of()));
    assertThat(g.closure(List.of("x.b"), true, true)).containsExactly("x.a", "x.b", "x.c");
  }

  @Test
  void twoIndependentRootsPlanExactlyThemselves() {
    AssetGraph g = AssetGraph.of(Map.of("x.a", List.of(), "x.b", List.of()));
    assertThat(g.closure(List.of("x.b", "x.a"), true, true)).containsExactly("x.a", "x.b");
  }

  @Test
  void edgesToUnknownNodesAreDropped() {
    AssetGraph g = AssetGraph.of(Map.of("x.a", List.of("y.gone", "x.a")));
    assertThat(g.upstreams("x.a")).containsExactly("x.a");
    assertThat(g.closure(List.of("y.gone"), true, true)).containsExactly("y.gone");
  }

  @Test
  void closureTerminatesOnCycles() {
    AssetGraph g = AssetGraph.of(Map.of("x.a", List.of("x.b"), "x.b", List.of("x.a")));
    assertThat(g.closure(List.of("x.a"), true, true)).containsExactly("x.a", "x.b");
  }

  @Test
  void acyclicGraphHasNoCycle() {
    assertThat(CHAIN.firstCycle()).isEmpty();
  }

  @Test
  void cycleIsRotatedToStartAtItsSmallestKey() {
    AssetGraph g =
        AssetGraph.of(
            Map.of(
                "x.c",
                List.of("x.b"),
                "x.b",
                List.of("x.d"),
                "x.d",
                List.of("x.c"),
                "x.a",
                List.of()));
    assertThat(g.firstCycle()).contains(List.of("x.b", "x.d", "x.c", "x.b"));
  }

  @Test
  void selfDependencyIsACycleOfOne() {
    AssetGraph g = AssetGraph.of(Map.of("x.a", List.of("x.a")));
    assertThat(g.firstCycle()).contains(List.of("x.a", "x.a"));
  }

  @Test
  void firstCycleFoundInKeyOrderWins() {
    AssetGraph g =
        AssetGraph.of(
            Map.of(
                "x.m", List.of("x.n"),
                "x.n", List.of("x.m"),
                "x.a", List.of("x.z"),
                "x.z", List.of("x.a")));
    assertThat(g.firstCycle()).contains(List.of("x.a", "x.z", "x.a"));
  }

  @Test
  void longChainDoesNotOverflowTheStack() {
    Map<String, List<String>> chain = new java.util.HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      chain.put("x.n" + i, i == 0 ? List.of() : List.of("x.n" + (i - 1)));
    }
    AssetGraph g = AssetGraph.of(chain);
    assertThat(g.firstCycle()).isEmpty();
    assertThat(g.closure(List.of("x.n19999"), true, false)).hasSize(20_000);
  }
}
