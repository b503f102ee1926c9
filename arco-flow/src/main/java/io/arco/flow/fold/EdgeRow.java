package io.arco.flow.fold;

import io.arco.flow.model.EdgeResolution;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-edge dependency satisfaction (flow-model part 2 §1.3): one row per {@code depends_on} entry,
 * created unresolved at plan time and resolved by its upstream task's terminal outcome.
 */
public record EdgeRow(
    String runId,
    String upstreamTaskKey,
    String downstreamTaskKey,
    boolean satisfied,
    Optional<EdgeResolution> resolution,
    Optional<Instant> satisfiedAt,
    Optional<Integer> satisfyingAttempt,
    String rowVersion) {}
