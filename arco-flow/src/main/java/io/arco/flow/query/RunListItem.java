package io.arco.flow.query;

import io.arco.flow.model.PublicRunState;
import java.time.Instant;
import java.util.Optional;

/** One entry of the run list (api-contract §3.2). */
public record RunListItem(
    String runId,
    PublicRunState state,
    Instant createdAt,
    Optional<Instant> completedAt,
    int taskCount,
    int tasksSucceeded,
    int tasksFailed,
    Optional<String> parentRunId,
    Optional<String> rerunKind) {}
