package io.arco.flow.engine;

import io.arco.flow.model.Scope;

/**
 * Told how the engine's writers and snapshots perform, for metrics (issue 13): the engine shell
 * calls it after the work is done, never the fold, so the fold stays pure. arco-flow knows no
 * metrics library; {@code arco-api} binds this to Micrometer. The default, {@link #NONE}, does
 * nothing. Methods run on the writer or snapshot thread: they must be quick and must not block;
 * a method that throws is logged and otherwise ignored.
 *
 * <p>How many commands wait for a writer is read, not told: {@link WorkspaceStats#queuedCommands()}.
 */
public interface EngineObserver {
  /** Observes nothing. */
  EngineObserver NONE = new EngineObserver() {};

  /**
   * A writer batch became durable.
   *
   * @param commands the commands taken from the queue into the batch (group commit: one append)
   * @param events the events appended
   * @param appendNanos how long the store's append (the durable commit) took
   */
  default void committed(Scope scope, int commands, int events, long appendNanos) {}

  /**
   * A snapshot was encoded and saved ({@code saved}), or its save failed.
   *
   * @param nanos how long encoding and saving took
   * @param bytes the encoded size (0 when encoding failed)
   */
  default void snapshotted(Scope scope, boolean saved, long nanos, long bytes) {}

  /**
   * This node's writer lease of a workspace changed (several serving nodes, decisions §7.11).
   *
   * @param change {@code acquired}, {@code lost} or {@code released}
   * @param epoch the lease's fencing epoch
   */
  default void leaseChanged(Scope scope, String change, long epoch) {}
}
