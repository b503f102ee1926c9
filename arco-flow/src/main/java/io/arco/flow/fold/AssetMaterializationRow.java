package io.arco.flow.fold;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest materialization of an asset by a task without a partition key (an unpartitioned
 * asset): the same facts a partition status row keeps on success (flow-model part 4 §4.2), keyed
 * by asset key. Staleness reads it for unpartitioned assets and their downstreams (flow-model
 * §0.3.14). Only a success writes it; an older event never overwrites a newer one.
 */
public record AssetMaterializationRow(
    String assetKey,
    String runId,
    String taskKey,
    Instant materializedAt,
    Optional<String> codeVersion,
    Optional<String> deltaTable,
    Optional<Long> deltaVersion,
    Optional<String> deltaPartition,
    Optional<String> executionLineageRef,
    String rowVersion) {

  public AssetMaterializationRow {
    Objects.requireNonNull(assetKey, "assetKey");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(taskKey, "taskKey");
    Objects.requireNonNull(materializedAt, "materializedAt");
    Objects.requireNonNull(rowVersion, "rowVersion");
  }
}
