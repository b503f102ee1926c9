package io.arco.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The throughput workload of issue 12: {@code layers} layers of {@code width} no-op assets, every
 * asset of a layer depending on every asset of the layer before (a barrier per layer). Asset keys
 * are {@code bench.l{layer}_a{index}} (zero-padded, so they sort in layer order); no asset has an
 * {@code execution.command}: the benchmark's own workers run them.
 */
public record LayeredDag(int layers, int width) {
  static final String NAMESPACE = "bench";

  public LayeredDag {
    if (layers < 1 || width < 1) {
      throw new IllegalArgumentException("layers and width must be at least 1: " + layers + " x " + width);
    }
  }

  /** Tasks of one run of the whole DAG: one per asset. */
  public int tasks() {
    return layers * width;
  }

  /** The name (without namespace) of asset {@code index} of {@code layer}, both zero-based. */
  static String name(int layer, int index) {
    return String.format(Locale.ROOT, "l%03d_a%03d", layer, index);
  }

  /** The asset key string ({@code namespace.name}) of asset {@code index} of {@code layer}. */
  public String key(int layer, int index) {
    return NAMESPACE + "." + name(layer, index);
  }

  /** The keys of one layer, in index order. */
  public List<String> layer(int layer) {
    List<String> keys = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      keys.add(key(layer, i));
    }
    return keys;
  }

  /** Every key, layer by layer: the selection of a run of the whole DAG. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>(tasks());
    for (int l = 0; l < layers; l++) {
      keys.addAll(layer(l));
    }
    return keys;
  }

  /** The manifest (the body of {@code POST /manifests} and of {@code Engine.deployManifest}). */
  public ObjectNode manifest(String codeVersionId) {
    ObjectNode m =
        new ObjectMapper().createObjectNode().put("manifestVersion", "v1").put("codeVersionId", codeVersionId);
    ArrayNode assets = m.putArray("assets");
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < width; i++) {
        ObjectNode a = assets.addObject();
        a.putObject("key").put("namespace", NAMESPACE).put("name", name(l, i));
        a.put("id", "id-" + name(l, i));
        ArrayNode deps = a.putArray("dependencies");
        if (l > 0) {
          for (int u = 0; u < width; u++) {
            deps.addObject().putObject("upstreamKey").put("namespace", NAMESPACE).put("name", name(l - 1, u));
          }
        }
      }
    }
    return m;
  }

  @Override
  public String toString() {
    return layers + " layers x " + width + " assets (" + tasks() + " tasks)";
  }
}
