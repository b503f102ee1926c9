package io.arco.flow.fold;

import java.time.Instant;

/** The global idempotency gate's memory: the first applied event of each key. */
public record IdempotencyRecord(
    String idempotencyKey, String eventId, String eventType, Instant recordedAt) {}
