package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The members of a manifest asset that Arco stores verbatim (api-contract §2.1): {@code tags},
 * {@code code}, {@code execution}, {@code resources}, {@code io}, {@code partitioning} (absent when
 * missing or JSON {@code null}) and {@code checks} (an array, empty when missing). {@code
 * execution} and {@code partitioning} are also read into {@link ExecutionSpec} and {@link
 * PartitionSpec}; the raw trees are what the stored manifest echoes. Trees are copied in and out,
 * so the record stays immutable.
 */
public record OpaqueAssetFields(
    Optional<JsonNode> tags,
    Optional<JsonNode> code,
    Optional<JsonNode> execution,
    Optional<JsonNode> resources,
    Optional<JsonNode> io,
    Optional<JsonNode> partitioning,
    List<JsonNode> checks) {

  public OpaqueAssetFields {
    tags = copy(tags);
    code = copy(code);
    execution = copy(execution);
    resources = copy(resources);
    io = copy(io);
    partitioning = copy(partitioning);
    checks = checks.stream().<JsonNode>map(JsonNode::deepCopy).toList();
  }

  @Override
  public Optional<JsonNode> tags() {
    return copy(tags);
  }

  @Override
  public Optional<JsonNode> code() {
    return copy(code);
  }

  @Override
  public Optional<JsonNode> execution() {
    return copy(execution);
  }

  @Override
  public Optional<JsonNode> resources() {
    return copy(resources);
  }

  @Override
  public Optional<JsonNode> io() {
    return copy(io);
  }

  @Override
  public Optional<JsonNode> partitioning() {
    return copy(partitioning);
  }

  @Override
  public List<JsonNode> checks() {
    return checks.stream().<JsonNode>map(JsonNode::deepCopy).toList();
  }

  private static Optional<JsonNode> copy(Optional<JsonNode> node) {
    return node.filter(n -> !n.isNull() && !n.isMissingNode()).map(JsonNode::deepCopy);
  }
}
