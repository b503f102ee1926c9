package io.arco.flow.fold;

import io.arco.flow.model.PublicRunState;
import java.time.Instant;
import java.util.Optional;

/**
 * A page of finished runs in the run list's order: triggered time descending, then run id
 * ascending (by code point), optionally of one state as the API shows it, resuming strictly after {@code
 * (afterTriggeredAt, afterRunId)}.
 */
public record RunHistoryQuery(
    Optional<PublicRunState> state,
    Optional<Instant> afterTriggeredAt,
    Optional<String> afterRunId,
    int limit) {

  public RunHistoryQuery {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    if (afterTriggeredAt.isEmpty() && afterRunId.isPresent()) {
      throw new IllegalArgumentException("afterRunId needs afterTriggeredAt");
    }
  }
}
