package io.arco.flow.engine;

import java.time.Instant;

/** Answer of {@code POST /runs/run-key/backfill} (api-contract §3.8). */
public record RunKeyBackfillResult(
    String runKey, String runId, String requestFingerprint, boolean updated, Instant createdAt) {}
