package io.arco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.ManifestAsset;
import io.arco.flow.plan.ManifestParser;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LayeredDagTest {
  @Test
  void everyAssetDependsOnEveryAssetOfTheLayerBeforeAndTheFirstLayerOnNothing() {
    LayeredDag dag = new LayeredDag(3, 4);
    Manifest m = ManifestParser.parse(dag.manifest("c1"), "bench");
    Map<String, ManifestAsset> byKey =
        m.assets().stream().collect(Collectors.toMap(ManifestAsset::key, Function.identity()));

    assertThat(byKey).hasSize(12);
    assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(dag.keys());
    for (String key : dag.layer(0)) {
      assertThat(byKey.get(key).upstreamKeys()).as(key).isEmpty();
    }
    for (int l = 1; l < 3; l++) {
      for (String key : dag.layer(l)) {
        assertThat(byKey.get(key).upstreamKeys()).as(key).containsExactlyElementsOf(dag.layer(l - 1));
      }
    }
  }

  @Test
  void keysListTheLayersInOrderAndCountOneTaskPerAsset() {
    LayeredDag dag = new LayeredDag(2, 3);

    assertThat(dag.keys())
        .containsExactly(
            "bench.l000_a000", "bench.l000_a001", "bench.l000_a002",
            "bench.l001_a000", "bench.l001_a001", "bench.l001_a002");
    assertThat(dag.tasks()).isEqualTo(6);
  }

  @Test
  void aDagNeedsAtLeastOneLayerOfOneAsset() {
    assertThatThrownBy(() -> new LayeredDag(0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LayeredDag(5, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
