package io.arco.flow.engine;

import io.arco.flow.model.PublicRunState;
import java.time.Instant;

/** Answer of a cancel request: the run's public state after it and the server time. */
public record CancelResult(String runId, PublicRunState state, Instant cancelledAt) {}
