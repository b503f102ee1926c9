package io.arco.flow.control;

import io.arco.flow.event.Event;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.SourceRef;
import io.arco.flow.event.TaskDef;
import io.arco.flow.event.TriggerInfo;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.PendingRunRow;
import io.arco.flow.plan.AutomationPlanner;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.StoredManifestDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns requested runs into runs (flow-model part 3 §1.8 step B): for every pending request, in
 * run-key order, {@code RunTriggered} (run id derived from the key, plan id {@code plan_{run_id}})
 * and its {@code PlanCreated}, planned against the latest manifest. Runs last in a controller pass
 * and the pass repeats, so a tick's run exists by the end of the batch that requested it.
 */
public final class RunRequestProcessor implements Controller {
  @Override
  public List<Event> evaluate(ControllerInput input) {
    FoldState state = input.state();
    Optional<Manifest> manifest = input.latestManifest().map(StoredManifestDocument::manifest);
    Optional<String> manifestId = input.latestManifest().map(StoredManifestDocument::manifestId);
    List<Event> out = new ArrayList<>();
    for (PendingRunRow p : state.pendingRuns().values()) {
      if (state.run(p.runId()).isPresent()) {
        continue;
      }
      List<TaskDef> tasks =
          AutomationPlanner.tasks(p.assetSelection(), p.partitionSelection().orElse(List.of()), manifest);
      String planId = "plan_" + p.runId();
      out.add(
          new RunTriggered(
              p.runId(),
              planId,
              trigger(state, p.source()),
              p.assetSelection(),
              Optional.of(p.runKey()),
              p.labels(),
              p.codeVersion(),
              manifestId,
              Optional.of(p.requestFingerprint()),
              Optional.of(p.source().kind())));
      out.add(new PlanCreated(p.runId(), planId, tasks));
    }
    return out;
  }

  private static TriggerInfo trigger(FoldState state, SourceRef source) {
    return switch (source) {
      case SourceRef.Schedule s -> new TriggerInfo.Cron(s.scheduleId());
      case SourceRef.Sensor s ->
          new TriggerInfo.Sensor(
              s.sensorId(),
              state.sensorEval(s.evalId())
                  .flatMap(e -> e.cursorAfter())
                  .orElse(""));
      case SourceRef.Backfill b -> new TriggerInfo.Manual("backfill");
      case SourceRef.Manual m -> new TriggerInfo.Manual(m.userId());
    };
  }
}
