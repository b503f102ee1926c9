package io.arco.flow.fold;

import java.time.Instant;
import java.util.Optional;

/**
 * The global idempotency gate's memory: the first applied event of each key, and what owns it, if
 * anything: {@code run:ID} (the run the event is about), {@code tick:ID} (a schedule tick) or
 * {@code eval:ID} (a sensor evaluation). Owned records leave memory with their owner; the log's
 * unique key index keeps answering for them.
 */
public record IdempotencyRecord(
    String idempotencyKey,
    String eventId,
    String eventType,
    Instant recordedAt,
    Optional<String> owner) {

  public IdempotencyRecord {
    owner = owner == null ? Optional.empty() : owner;
  }

  public IdempotencyRecord(String idempotencyKey, String eventId, String eventType, Instant recordedAt) {
    this(idempotencyKey, eventId, eventType, recordedAt, Optional.empty());
  }
}
