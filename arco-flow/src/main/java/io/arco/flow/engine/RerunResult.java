package io.arco.flow.engine;

import io.arco.flow.model.PublicRunState;
import java.time.Instant;

/**
 * Answer of a rerun (api-contract §3.4): the new run (created) or the existing run of the same
 * derived or given run key, with its lineage: parent, kind ({@code FROM_FAILURE}/{@code SUBSET})
 * and the deterministic reason.
 */
public record RerunResult(
    String runId,
    String planId,
    PublicRunState state,
    boolean created,
    Instant createdAt,
    String parentRunId,
    String rerunKind,
    String rerunReason) {}
