package io.arco.flow.fold;

import java.time.Instant;
import java.util.Optional;

/**
 * A page of a sensor's evaluations in history: evaluated time descending, then evaluation id
 * ascending, within {@code [since, until]}, optionally of one status filter name, resuming strictly
 * after {@code (afterEvaluatedAt, afterEvalId)}.
 */
public record EvalHistoryQuery(
    String sensorId,
    Optional<Instant> since,
    Optional<Instant> until,
    Optional<String> status,
    Optional<Instant> afterEvaluatedAt,
    Optional<String> afterEvalId,
    int limit) {}
