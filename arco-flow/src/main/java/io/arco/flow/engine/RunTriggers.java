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
import java.util.Optional;

/**
 * The events of a new manual run: {@code RunTriggered} (source kind {@code manual}, the latest
 * manifest's code version and id) and its {@code PlanCreated}, in one command. Shared by {@code
 * POST /runs} and reconciliation apply, so both reserve their run keys alike.
 */
final class RunTriggers {
  private RunTriggers() {}

  static TriggerResult emit(
      CommandContext ctx,
      ManifestCatalog manifests,
      ValidatedTrigger v,
      Manifest manifest,
      List<TaskDef> tasks,
      String principal) {
    String runId = ctx.newId();
    String planId = ctx.newId();
    ctx.emit(
        new RunTriggered(
            runId,
            planId,
            new TriggerInfo.Manual(principal),
            v.roots(),
            v.runKey(),
            v.labels(),
            Optional.of(manifest.codeVersionId()),
            manifests.latestDocument().map(StoredManifestDocument::manifestId),
            v.requestFingerprint(),
            Optional.of("manual")));
    ctx.emit(new PlanCreated(runId, planId, tasks));
    return new TriggerResult(runId, planId, PublicRunState.PENDING, true, ctx.now());
  }
}
