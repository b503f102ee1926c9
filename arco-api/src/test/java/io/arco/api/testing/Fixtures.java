package io.arco.api.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies that read as English. */
public final class Fixtures {
  private Fixtures() {}

  /** An asset {@code ns.name} depending on {@code deps} (each {@code ns.name}). */
  public static Map<String, Object> asset(String key, String... deps) {
    String[] parts = key.split("\\.", 2);
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("key", Map.of("namespace", parts[0], "name", parts[1]));
    a.put("id", "id-" + key);
    List<Map<String, Object>> ds = new ArrayList<>();
    for (String d : deps) {
      String[] dp = d.split("\\.", 2);
      ds.add(Map.of("upstreamKey", Map.of("namespace", dp[0], "name", dp[1])));
    }
    a.put("dependencies", ds);
    return a;
  }

  /** The asset with extra top-level fields merged in (e.g. execution, partitioning). */
  public static Map<String, Object> with(Map<String, Object> asset, String field, Object value) {
    Map<String, Object> a = new LinkedHashMap<>(asset);
    a.put(field, value);
    return a;
  }

  @SafeVarargs
  public static Map<String, Object> manifest(Map<String, Object>... assets) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("manifestVersion", "v1");
    m.put("codeVersionId", "code-1");
    List<Map<String, Object>> list = new ArrayList<>();
    for (Map<String, Object> a : assets) {
      list.add(a);
    }
    m.put("assets", list);
    return m;
  }

  public static Map<String, Object> trigger(String... selection) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("selection", List.of(selection));
    return t;
  }
}
