package io.arco.flow.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A schedule tick as the API shows it (api-contract §8.5): status {@code TRIGGERED}, {@code
 * SKIPPED} (with {@code skipReason}) or {@code FAILED} (with {@code errorMessage}), and the run it
 * requested.
 */
public record TickView(
    String tickId,
    String scheduleId,
    Instant scheduledFor,
    List<String> assetSelection,
    String status,
    Optional<String> skipReason,
    Optional<String> errorMessage,
    Optional<String> runKey,
    Optional<String> runId) {}
