package io.arco.flow.engine;

import java.time.InstantSource;
import java.util.Optional;

/**
 * Mints the ids the engine does not derive: event ids, the run and plan ids of manual runs and
 * reruns, manifest and backfill ids, and the keys of commands sent without an Idempotency-Key.
 * Dispatch and attempt ids and the run ids of schedules, sensors and backfills are derived, not
 * minted. Every id is a ULID greater than every id minted before it and than the newest id in the
 * store, so sequence order and id order agree (flow-model §0.4.7). Called from the workspaces'
 * writers, so it must be safe to call from several threads.
 */
@FunctionalInterface
public interface IdGenerator {
  /** The next id. */
  String next();

  /**
   * Keeps later ids above {@code id}, an event id another node appended (several serving nodes:
   * a node that takes a workspace's writer lease over mints above everything it caught up on). A
   * deterministic test source may ignore it.
   */
  default void above(String id) {}

  /**
   * The default: monotonic ULIDs timed by {@code clock}, never at or below {@code floor} (the
   * store's newest event id).
   */
  static IdGenerator ulid(InstantSource clock, Optional<String> floor) {
    return new UlidGenerator(clock, floor);
  }
}
