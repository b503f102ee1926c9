package io.arco.flow.fold;

import io.arco.flow.event.SourceRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run requested by automation (schedule tick, sensor evaluation, backfill chunk) whose run does
 * not exist yet. The run-request processor turns it into {@code RunTriggered} + {@code PlanCreated};
 * folding that {@code RunTriggered} removes it. Holding the request here (instead of resolving it
 * from ticks, evals and chunks as the reference does) keeps that processor proportional to pending
 * work.
 */
public record PendingRunRow(
    String runKey,
    String runId,
    List<String> assetSelection,
    Optional<List<String>> partitionSelection,
    SourceRef source,
    Map<String, String> labels,
    Optional<String> codeVersion,
    String requestFingerprint,
    Instant requestedAt) {
  public PendingRunRow {
    assetSelection = List.copyOf(assetSelection);
    labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
  }
}
