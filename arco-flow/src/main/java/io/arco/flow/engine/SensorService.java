package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.Scope;
import io.arco.flow.query.SensorEvalView;
import io.arco.flow.query.SensorView;
import io.arco.flow.query.SensorViews;
import java.util.List;
import java.util.Optional;

/**
 * Sensors (api-contract §9, decisions §2.9, §6.7): the commands {@link SensorCommands} runs on the
 * writer (push evaluations, pause and resume, a worker's poll-evaluation result), and the reads of
 * sensors and of their evaluations, live ones merged with the older ones in the store.
 */
final class SensorService {
  private final Workspaces workspaces;

  SensorService(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  SensorView getSensor(Scope scope, String sensorId) {
    return workspaces.read(scope, s -> SensorViews.of(s, sensorId, LeasedSensorEvaluation.LEASE_SECONDS))
        .orElseThrow(() -> FlowException.notFound("sensor not found: " + sensorId));
  }

  List<SensorView> listSensors(Scope scope, Optional<String> afterId, int limit) {
    return workspaces.read(
        scope, s -> SensorViews.list(s, afterId, limit, LeasedSensorEvaluation.LEASE_SECONDS));
  }

  List<SensorEvalView> listSensorEvals(Scope scope, String sensorId, SensorViews.EvalQuery query) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    List<io.arco.flow.fold.SensorEvalRow> live = ws.read(s -> s.sensorEvalsOf(sensorId));
    List<io.arco.flow.fold.SensorEvalRow> history =
        workspaces.store
            .finishedEvals(
                scope,
                new io.arco.flow.fold.EvalHistoryQuery(
                    sensorId,
                    query.since(),
                    query.until(),
                    query.status(),
                    query.afterEvaluatedAt(),
                    query.afterEvalId(),
                    query.limit() + 1))
            .stream()
            .map(io.arco.flow.fold.FinishedEval::eval)
            .toList();
    return SensorViews.evals(live, history, query);
  }

  SensorEvaluateResult evaluateSensor(Scope scope, String sensorId, PushEvaluation request) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    return workspaces.run(
        scope, ctx -> SensorCommands.evaluatePush(ctx, ws.manifests, sensorId, request));
  }

  SensorView setSensorPaused(
      Scope scope, String sensorId, boolean paused, Optional<String> idempotencyKey, String principal) {
    return workspaces.run(
        scope, ctx -> SensorCommands.setPaused(ctx, sensorId, paused, idempotencyKey, principal));
  }

  SensorCompletedAck sensorCompleted(SensorCompletion completion) {
    Scope scope = Workspaces.scopeOf(completion.claims());
    WorkspaceEngine ws = workspaces.workspace(scope);
    return workspaces.run(scope, ctx -> SensorCommands.completePoll(ctx, ws.manifests, completion));
  }
}
