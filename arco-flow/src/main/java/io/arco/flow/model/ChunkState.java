package io.arco.flow.model;

/**
 * A backfill chunk's state (flow-model part 1 §4.11 with §0.3.9): PENDING (not yet planned, never
 * stored), PLANNED (run requested), RUNNING (its run exists), then SUCCEEDED, FAILED or CANCELLED
 * with its run.
 */
public enum ChunkState {
  PENDING,
  PLANNED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
