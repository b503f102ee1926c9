package io.arco.flow.engine;

import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.fold.RunRow;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.plan.ValidatedTrigger;
import io.arco.flow.query.RunViews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The run_key decision (api-contract §5.3, flow-model §0.4.2): a key already in the index is a
 * replay when the stored fingerprint is one of the request's equivalent fingerprints (or was never
 * recorded) and the source kind agrees; otherwise a 409 carrying the conflict details.
 */
final class RunKeys {
  private RunKeys() {}

  /** What the refused request asked for, shown beside what the key's run was asked for. */
  record Requested(Optional<String> fingerprint, List<String> selection, Map<String, String> labels) {}

  static TriggerResult replayOrConflict(
      FoldState state, RunKeyRow existing, ValidatedTrigger v, String sourceKind) {
    boolean sameKind = existing.sourceKind().map(sourceKind::equals).orElse(true);
    boolean sameFingerprint =
        existing.requestFingerprint().map(fp -> v.fingerprintVariants().contains(fp)).orElse(true);
    if (!sameKind || !sameFingerprint) {
      throw new FlowException(
          conflict(state, existing, new Requested(v.requestFingerprint(), v.roots(), v.labels())));
    }
    PublicRunState current =
        state.run(existing.runId())
            .map(r -> RunViews.publicState(state, r))
            .orElse(PublicRunState.PENDING);
    return new TriggerResult(existing.runId(), existing.planId(), current, false, existing.createdAt());
  }

  /**
   * The one builder of the 409 {@code details} used by trigger and rerun: the contract's fields
   * (api-contract §5.4) plus what differs — the existing and requested selection (roots) and
   * labels, and the existing key's source kind (authorship: manual, rerun, schedule…).
   */
  static FlowError.RunKeyConflict conflict(FoldState state, RunKeyRow existing, Requested requested) {
    Map<String, Object> extra = new LinkedHashMap<>();
    Optional<RunRow> run = state.run(existing.runId());
    existing.sourceKind().ifPresent(k -> extra.put("existingSourceKind", k));
    run.ifPresent(r -> extra.put("existingSelection", r.rootAssets()));
    extra.put("requestedSelection", List.copyOf(requested.selection()));
    run.ifPresent(r -> extra.put("existingLabels", new TreeMap<>(r.labels())));
    extra.put("requestedLabels", new TreeMap<>(requested.labels()));
    return new FlowError.RunKeyConflict(
        existing.runKey(),
        existing.runId(),
        existing.planId(),
        existing.createdAt(),
        existing.requestFingerprint(),
        requested.fingerprint(),
        extra);
  }
}
