package io.arco.flow.fold;

import java.time.Instant;
import java.util.Optional;

/**
 * A page of a schedule's settled ticks: scheduled time descending, then tick id descending,
 * optionally of one status ({@code TRIGGERED}, {@code SKIPPED}, {@code FAILED}), resuming strictly
 * after {@code (afterScheduledFor, afterTickId)}.
 */
public record TickHistoryQuery(
    String scheduleId,
    Optional<String> status,
    Optional<Instant> afterScheduledFor,
    Optional<String> afterTickId,
    int limit) {}
