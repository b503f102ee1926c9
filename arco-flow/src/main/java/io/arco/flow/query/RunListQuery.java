package io.arco.flow.query;

import io.arco.flow.model.PublicRunState;
import java.time.Instant;
import java.util.Optional;

/**
 * A page request over runs sorted by creation time descending, then run id ascending: resume after
 * {@code (afterCreatedAt, afterRunId)} or skip {@code offset} runs (legacy numeric cursors).
 */
public record RunListQuery(
    Optional<PublicRunState> state,
    Optional<Instant> afterCreatedAt,
    Optional<String> afterRunId,
    int offset,
    int limit) {}
