package io.arco.flow.fold;

import io.arco.flow.model.PublicRunState;
import java.time.Instant;
import java.util.Optional;

/**
 * A page of finished runs in the run list's order: triggered time descending, then run id
 * ascending (by code point), optionally of one state as the API shows it, resuming strictly after
 * {@code (afterTriggeredAt, afterRunId)}, then skipping {@code skip} rows (legacy offset cursors;
 * the store skips index entries without reading their rows).
 */
public record RunHistoryQuery(
    Optional<PublicRunState> state,
    Optional<Instant> afterTriggeredAt,
    Optional<String> afterRunId,
    long skip,
    int limit) {

  /** A page without skipping. */
  public RunHistoryQuery(
      Optional<PublicRunState> state, Optional<Instant> afterTriggeredAt, Optional<String> afterRunId, int limit) {
    this(state, afterTriggeredAt, afterRunId, 0, limit);
  }

  public RunHistoryQuery {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    if (skip < 0) {
      throw new IllegalArgumentException("skip must not be negative: " + skip);
    }
    if (afterTriggeredAt.isEmpty() && afterRunId.isPresent()) {
      throw new IllegalArgumentException("afterRunId needs afterTriggeredAt");
    }
  }
}
