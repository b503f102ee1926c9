package io.arco.flow.engine;

import io.arco.flow.model.PublicRunState;
import java.time.Instant;

/**
 * Answer of a trigger (api-contract §3.1): {@code created} true for a new run (state PENDING),
 * false for the existing run of the same run_key (its current public state).
 */
public record TriggerResult(
    String runId, String planId, PublicRunState state, boolean created, Instant createdAt) {}
