package io.arco.flow.engine;

import java.time.Instant;

/**
 * {@code CreateBackfillResponse} (api-contract §10.1) and whether this call created the backfill
 * (202) or replayed an earlier one with the same key and request (200).
 */
public record BackfillCreateResult(
    String backfillId, String acceptedEventId, Instant acceptedAt, boolean created) {}
