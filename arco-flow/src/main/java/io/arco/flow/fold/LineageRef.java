package io.arco.flow.fold;

import java.util.Optional;

/**
 * The execution lineage reference of a successful attempt (api-contract §4.4): compact JSON with
 * camelCase keys in the order runId, taskKey, attempt, materializationId, deltaTable, deltaVersion,
 * deltaPartition, absent fields omitted.
 */
public final class LineageRef {
  private LineageRef() {}

  public static String of(
      String runId,
      String taskKey,
      int attempt,
      Optional<String> materializationId,
      Optional<String> deltaTable,
      Optional<Long> deltaVersion,
      Optional<String> deltaPartition) {
    StringBuilder b = new StringBuilder(128).append('{');
    b.append("\"runId\":").append(quote(runId));
    b.append(",\"taskKey\":").append(quote(taskKey));
    b.append(",\"attempt\":").append(attempt);
    materializationId.ifPresent(v -> b.append(",\"materializationId\":").append(quote(v)));
    deltaTable.ifPresent(v -> b.append(",\"deltaTable\":").append(quote(v)));
    deltaVersion.ifPresent(v -> b.append(",\"deltaVersion\":").append(v));
    deltaPartition.ifPresent(v -> b.append(",\"deltaPartition\":").append(quote(v)));
    return b.append('}').toString();
  }

  /** A JSON string literal escaped as serde_json does: quote, backslash and control characters. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
