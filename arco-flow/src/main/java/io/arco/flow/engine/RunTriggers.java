package io.arco.flow.engine;

import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.TaskDef;
import io.arco.flow.event.TriggerInfo;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.plan.ValidatedTrigger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of a new run started by a command: {@code RunTriggered} and its {@code PlanCreated}
 * with freshly minted run and plan ids, in one command. Shared by {@code POST /runs},
 * reconciliation apply (source kind {@code manual}) and reruns (source kind {@code rerun}), so all
 * reserve their run keys alike.
 */
final class RunTriggers {
  private RunTriggers() {}

  /** What a new run is made of; {@code sourceKind} is recorded on the run_key index. */
  record NewRun(
      List<String> roots,
      Optional<String> runKey,
      Map<String, String> labels,
      Optional<String> codeVersion,
      Optional<String> manifestId,
      Optional<String> requestFingerprint,
      String sourceKind,
      List<TaskDef> tasks) {}

  /** A manual run of a validated trigger, planned against the latest manifest. */
  static TriggerResult emit(
      CommandContext ctx,
      ManifestCatalog manifests,
      ValidatedTrigger v,
      Manifest manifest,
      List<TaskDef> tasks,
      String principal) {
    return emit(
        ctx,
        new NewRun(
            v.roots(),
            v.runKey(),
            v.labels(),
            Optional.of(manifest.codeVersionId()),
            manifests.latestDocument().map(StoredManifestDocument::manifestId),
            v.requestFingerprint(),
            "manual",
            tasks),
        principal);
  }

  static TriggerResult emit(CommandContext ctx, NewRun run, String principal) {
    String runId = ctx.newId();
    String planId = ctx.newId();
    ctx.emit(
        new RunTriggered(
            runId,
            planId,
            new TriggerInfo.Manual(principal),
            run.roots(),
            run.runKey(),
            run.labels(),
            run.codeVersion(),
            run.manifestId(),
            run.requestFingerprint(),
            Optional.of(run.sourceKind())));
    ctx.emit(new PlanCreated(runId, planId, run.tasks()));
    return new TriggerResult(runId, planId, PublicRunState.PENDING, true, ctx.now());
  }
}
