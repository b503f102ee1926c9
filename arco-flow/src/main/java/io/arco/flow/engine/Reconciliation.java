package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.event.TaskDef;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.plan.AssetKeys;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.plan.TriggerPlanner;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.plan.ValidatedTrigger;
import io.arco.flow.query.ReconciliationPlans;
import io.arco.flow.query.ReconciliationRun;
import io.arco.flow.query.Staleness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reconciliation plan and apply (decisions §2.6, §6.10). The selection is validated like a
 * trigger's ({@code assetSelection cannot be empty}, the trigger's no-manifest 400, the asset key
 * canonicalisation message, {@code unknown asset keys: a, b}); the plan is {@link
 * ReconciliationPlans#plan}. Apply triggers one manual run per planned entry (selection the asset,
 * its partition key, the entry's run key) in one command: every entry is validated and its run key
 * decided before the first event, so a refused entry (409 on a foreign use of the key, 400 on a
 * partition key the asset's current partitioning refuses, too many runs) writes nothing.
 */
final class Reconciliation {
  /** At most this many runs per apply; a larger plan must be narrowed first. */
  static final int MAX_APPLY_RUNS = 1000;

  private Reconciliation() {}

  static List<ReconciliationRun> plan(
      FoldState state,
      Optional<StoredManifestDocument> latest,
      Instant now,
      ReconciliationRequest request) {
    SortedSet<String> assets =
        selection(request.assetSelection(), latest.map(StoredManifestDocument::manifest));
    Optional<SortedSet<String>> partitions =
        request.partitionKeys().map(keys -> new TreeSet<>(keys));
    return ReconciliationPlans.plan(state, Staleness.of(state, latest, now), assets, partitions);
  }

  static List<AppliedRun> apply(
      CommandContext ctx, ManifestCatalog manifests, ReconciliationRequest request, String principal) {
    List<ReconciliationRun> plan = plan(ctx.state(), manifests.latestDocument(), ctx.now(), request);
    if (plan.size() > MAX_APPLY_RUNS) {
      throw FlowException.invalid(
          "reconciliation plan has "
              + plan.size()
              + " runs; at most "
              + MAX_APPLY_RUNS
              + " can be applied at once (narrow assetSelection or partitionKeys)");
    }
    record Prepared(
        ReconciliationRun run,
        Optional<TriggerResult> existing,
        ValidatedTrigger trigger,
        Optional<Manifest> manifest,
        List<TaskDef> tasks) {}
    List<Prepared> prepared = new ArrayList<>();
    for (ReconciliationRun r : plan) {
      TriggerRequest req =
          new TriggerRequest(
              List.of(r.assetKey()),
              false,
              false,
              List.of(),
              r.partitionKey(),
              Optional.of(r.runKey()),
              Map.of());
      ValidatedTrigger v = TriggerPlanner.DEFAULT.validate(req, manifests::latest);
      Optional<RunKeyRow> existing = ctx.state().runKey(r.runKey());
      if (existing.isPresent()) {
        TriggerResult replay = RunKeys.replayOrConflict(ctx.state(), existing.get(), v, "manual");
        prepared.add(new Prepared(r, Optional.of(replay), v, Optional.empty(), List.of()));
      } else {
        Manifest m = TriggerPlanner.manifestFor(v, manifests::latest);
        prepared.add(
            new Prepared(r, Optional.empty(), v, Optional.of(m), TriggerPlanner.DEFAULT.plan(v, m)));
      }
    }
    List<AppliedRun> out = new ArrayList<>();
    for (Prepared p : prepared) {
      TriggerResult result =
          p.existing()
              .orElseGet(
                  () ->
                      RunTriggers.emit(
                          ctx, manifests, p.trigger(), p.manifest().orElseThrow(), p.tasks(), principal));
      out.add(new AppliedRun(result.runId(), p.run().runKey(), result.created()));
    }
    return out;
  }

  /** Canonical, known asset keys of a selection, sorted and distinct. */
  static SortedSet<String> selection(List<String> raw, Optional<Manifest> latest) {
    if (raw.isEmpty()) {
      throw FlowException.invalid("assetSelection cannot be empty");
    }
    Manifest m = TriggerPlanner.requireManifest(latest);
    TreeSet<String> canonical = new TreeSet<>();
    for (String item : raw) {
      canonical.add(AssetKeys.canonicalize(item));
    }
    SortedSet<String> known = m.assetKeys();
    List<String> unknown = canonical.stream().filter(k -> !known.contains(k)).toList();
    if (!unknown.isEmpty()) {
      throw FlowException.invalid("unknown asset keys: " + String.join(", ", unknown));
    }
    return canonical;
  }
}
