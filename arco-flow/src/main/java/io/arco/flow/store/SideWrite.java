package io.arco.flow.store;

/** A row written in the same transaction as a batch of events (flow-model §0.4.4). */
public sealed interface SideWrite {
  /**
   * Store a deployed manifest and make it the workspace's latest. Putting an id that is already
   * stored replaces that manifest (and makes it the latest).
   */
  record PutManifest(ManifestRecord manifest) implements SideWrite {}

  /** Record the first accepted request under an idempotency key; a second put of the key fails. */
  record PutRequestRecord(RequestRecord record) implements SideWrite {}
}
