package io.arco.api.settings;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.ApiException;
import io.arco.api.http.JsonBody;
import io.arco.flow.engine.WorkspaceSettingsRequest;
import io.arco.flow.model.LabelLimit;
import io.arco.flow.model.WorkspaceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The settings document on the wire. Reading checks shape only, answering 422 {@code invalid field
 * '{path}': {reason}}: {@code maxConcurrentRuns} an integer or null/absent, {@code labelLimits} an
 * array (null/absent reads as empty) of objects with a string {@code label}, an optional string
 * {@code value} and an integer {@code limit}. Ranges, empty labels and duplicates are the engine's.
 */
final class SettingsJson {
  private SettingsJson() {}

  static SettingsResponse from(WorkspaceSettings s) {
    return new SettingsResponse(
        s.maxConcurrentRuns(),
        s.labelLimits().stream()
            .map((LabelLimit l) -> new SettingsResponse.LabelLimitJson(l.label(), l.value(), l.limit()))
            .toList());
  }

  static WorkspaceSettingsRequest request(JsonBody body) {
    Optional<Long> max = body.optionalLong("maxConcurrentRuns");
    Optional<JsonNode> raw = body.raw("labelLimits");
    List<WorkspaceSettingsRequest.Limit> limits = new ArrayList<>();
    if (raw.isPresent()) {
      if (!raw.get().isArray()) {
        throw ApiException.unprocessable("labelLimits", "expected an array of objects");
      }
      for (int i = 0; i < raw.get().size(); i++) {
        limits.add(limit("labelLimits[" + i + "]", raw.get().get(i)));
      }
    }
    return new WorkspaceSettingsRequest(max, limits);
  }

  private static WorkspaceSettingsRequest.Limit limit(String path, JsonNode item) {
    if (!item.isObject()) {
      throw ApiException.unprocessable(path, "expected an object");
    }
    JsonNode label = present(item, "label");
    if (label == null) {
      throw ApiException.unprocessable(path + ".label", "missing field");
    }
    if (!label.isTextual()) {
      throw ApiException.unprocessable(path + ".label", "expected a string");
    }
    JsonNode value = present(item, "value");
    if (value != null && !value.isTextual()) {
      throw ApiException.unprocessable(path + ".value", "expected a string");
    }
    JsonNode limit = present(item, "limit");
    if (limit == null) {
      throw ApiException.unprocessable(path + ".limit", "missing field");
    }
    return new WorkspaceSettingsRequest.Limit(
        label.asText(),
        Optional.ofNullable(value).map(JsonNode::asText),
        JsonBody.integer(limit, path + ".limit"));
  }

  private static JsonNode present(JsonNode object, String name) {
    JsonNode v = object.get(name);
    return v == null || v.isNull() ? null : v;
  }
}
