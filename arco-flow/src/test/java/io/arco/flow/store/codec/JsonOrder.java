package io.arco.flow.store.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Checks on raw JSON bytes, read by a plain mapper that keeps the written property order. */
final class JsonOrder {
  private JsonOrder() {}

  private static final ObjectMapper PLAIN = new ObjectMapper();

  static JsonNode tree(byte[] bytes) {
    try {
      return PLAIN.readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Asserts that every object in the document lists its properties in ascending order. */
  static void assertSortedAtEveryLevel(byte[] bytes) {
    assertSorted(tree(bytes), "$");
  }

  private static void assertSorted(JsonNode node, String path) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      assertThat(names).as("properties of %s", path).isSorted();
      for (String name : names) {
        assertSorted(node.get(name), path + "." + name);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        assertSorted(node.get(i), path + "[" + i + "]");
      }
    }
  }
}
