package io.arco.api.cli.automation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Table cells from API answers: {@code "-"} for an absent or null field, arrays joined by commas. */
final class Cells {
  static final String ABSENT = "-";

  private Cells() {}

  /** The field {@code name} of {@code node} as a cell. */
  static String text(JsonNode node, String name) {
    return of(node.path(name));
  }

  /** {@code value} as a cell. */
  static String of(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return ABSENT;
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(of(v)));
      return parts.isEmpty() ? ABSENT : String.join(",", parts);
    }
    if (value.isContainerNode()) {
      return value.toString();
    }
    return value.asText();
  }
}
