package io.arco.flow.fold;

import java.time.Instant;
import java.util.Optional;

/**
 * The global idempotency gate's memory: the first applied event of each key, and the run that owns
 * it (the run the event is about), if any. A run's records leave memory with the run; the log's
 * unique key index keeps answering for them.
 */
public record IdempotencyRecord(
    String idempotencyKey,
    String eventId,
    String eventType,
    Instant recordedAt,
    Optional<String> runId) {

  public IdempotencyRecord {
    runId = runId == null ? Optional.empty() : runId;
  }

  public IdempotencyRecord(String idempotencyKey, String eventId, String eventType, Instant recordedAt) {
    this(idempotencyKey, eventId, eventType, recordedAt, Optional.empty());
  }
}
