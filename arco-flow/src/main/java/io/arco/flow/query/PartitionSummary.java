package io.arco.flow.query;

/**
 * Counts over one asset's partition status rows (api-contract §11, decisions §6.5): {@code
 * materialized} rows have a materialization run, {@code missing} = total − materialized (the
 * contract's definition), {@code stale} rows are stale now, and {@code failed} and {@code
 * inProgress} count rows by {@link io.arco.flow.model.PartitionStatus} (so they overlap the
 * materialized/missing split: a failed retry of a materialized partition counts in both).
 */
public record PartitionSummary(
    String assetKey,
    int totalPartitions,
    int materializedPartitions,
    int stalePartitions,
    int missingPartitions,
    int failedPartitions,
    int inProgressPartitions) {}
