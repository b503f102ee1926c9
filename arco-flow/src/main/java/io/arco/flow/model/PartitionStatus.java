package io.arco.flow.model;

/**
 * Status of one (asset, partition) pair (decisions §6.5), judged in this order: {@code
 * IN_PROGRESS} while a task for the pair is dispatched or running, else {@code FAILED} when its
 * latest attempt failed, else {@code MATERIALIZED} when it has a materialization, else {@code
 * MISSING}.
 */
public enum PartitionStatus {
  IN_PROGRESS,
  FAILED,
  MATERIALIZED,
  MISSING
}
