package io.arco.flow.fold;

import java.time.Instant;
import java.util.Optional;

/**
 * An automation run request that reused a run key with another fingerprint (flow-model part 2
 * §1.7); the index keeps its first writer. Keyed {@code conflict:{run_key}:{event_id}}.
 */
public record RunKeyConflictRow(
    String conflictId,
    String runKey,
    Optional<String> existingFingerprint,
    String conflictingFingerprint,
    String conflictingEventId,
    Instant detectedAt) {}
