package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an asset's {@code dependencies} (api-contract §2.1): the canonical upstream key that
 * defines the graph edge, plus the entry as written ({@code upstreamKey}, {@code parameterName},
 * opaque {@code mapping}) for the stored manifest and its fingerprint.
 */
public record AssetDependency(
    String upstreamKey,
    AssetKeyRef upstream,
    Optional<String> parameterName,
    Optional<JsonNode> mapping) {
  public AssetDependency {
    Objects.requireNonNull(upstreamKey, "upstreamKey");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(parameterName, "parameterName");
    mapping = mapping.map(JsonNode::deepCopy);
  }

  /** A copy of the opaque {@code mapping} (JSON trees are mutable). */
  @Override
  public Optional<JsonNode> mapping() {
    return mapping.map(JsonNode::deepCopy);
  }
}
