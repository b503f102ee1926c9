/**
 * Business validation and planning that the engine runs before it appends events: asset-key
 * canonicalisation, the ADR-011 partition key grammar and its resolution against an asset's
 * partitioning (every kind of decisions §6.5, with the lazy enumeration of backfill selectors in
 * {@link io.arco.flow.plan.PartitionSpaces}), the deployed manifest (parsing, validation in the contract's order, fingerprint and
 * stored document), the asset graph with its selection closure, trigger validation and planning for
 * {@code POST /runs}, and rerun validation and planning over a parent run's task graph for {@code
 * POST /runs/{id}/rerun}. Everything here is pure and deterministic: no clock, no IO, no
 * randomness, and every collection that can leak an order is sorted. Failures are {@link
 * io.arco.flow.error.FlowException}s carrying the contract's exact messages.
 */
package io.arco.flow.plan;
