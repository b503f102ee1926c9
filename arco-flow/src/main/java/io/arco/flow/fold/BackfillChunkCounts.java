package io.arco.flow.fold;

import io.arco.flow.model.ChunkState;

/** How many planned chunks of a backfill are in each state (unplanned chunks are not counted). */
public record BackfillChunkCounts(int planned, int running, int succeeded, int failed, int cancelled) {
  public static final BackfillChunkCounts ZERO = new BackfillChunkCounts(0, 0, 0, 0, 0);

  /** Chunks whose run is requested or running: the ones that use concurrency. */
  public int active() {
    return planned + running;
  }

  public int total() {
    return planned + running + succeeded + failed + cancelled;
  }

  BackfillChunkCounts add(ChunkState s, int delta) {
    return switch (s) {
      case PLANNED -> new BackfillChunkCounts(planned + delta, running, succeeded, failed, cancelled);
      case RUNNING -> new BackfillChunkCounts(planned, running + delta, succeeded, failed, cancelled);
      case SUCCEEDED -> new BackfillChunkCounts(planned, running, succeeded + delta, failed, cancelled);
      case FAILED -> new BackfillChunkCounts(planned, running, succeeded, failed + delta, cancelled);
      case CANCELLED -> new BackfillChunkCounts(planned, running, succeeded, failed, cancelled + delta);
      case PENDING -> this;
    };
  }
}
