package io.arco.flow.fold;

import java.time.Instant;
import java.util.Optional;

/**
 * The run_key index (flow-model §0.4.2, part 2 §1.6): first writer wins, never overwritten. It is
 * folded from the {@code RunTriggered} that reserved the key.
 */
public record RunKeyRow(
    String runKey,
    String runId,
    String planId,
    Optional<String> requestFingerprint,
    Optional<String> sourceKind,
    Optional<String> codeVersion,
    Instant createdAt,
    String rowVersion) {}
