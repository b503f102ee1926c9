package io.arco.bench;

import io.arco.flow.engine.Engine;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.TaskCallbacks;
import io.arco.flow.engine.TaskTokenClaims;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import java.util.Optional;

/**
 * The worker callbacks of a leased task made straight through the engine API, as the HTTP layer
 * makes them once it has checked the task token: the claims a valid token of that lease would
 * carry, then {@code taskStarted} and {@code taskCompleted}.
 */
final class EngineCalls {
  private EngineCalls() {}

  /** The claims of a task token issued for this lease in workspace {@code ws}. */
  static TaskTokenClaims claims(Scope ws, LeasedTask t) {
    return new TaskTokenClaims(
        Ids.callbackTaskId(t.runId(), t.taskKey()),
        ws.tenant(),
        ws.workspace(),
        Optional.of(t.runId()),
        Optional.of(t.attempt()),
        Optional.of(t.attemptId()));
  }

  /** The {@code started} callback of {@code t}. */
  static TaskCallbacks.StartedAck started(Engine engine, Scope ws, LeasedTask t, String workerId) {
    TaskTokenClaims c = claims(ws, t);
    return engine.taskStarted(new TaskCallbacks.Started(c.taskId(), c, t.attempt(), t.attemptId(), workerId));
  }

  /** The {@code completed} callback of {@code t} with outcome SUCCEEDED and nothing else. */
  static TaskCallbacks.CompletedAck succeeded(Engine engine, Scope ws, LeasedTask t, String workerId) {
    TaskTokenClaims c = claims(ws, t);
    return engine.taskCompleted(
        new TaskCallbacks.Completed(
            c.taskId(),
            c,
            t.attempt(),
            t.attemptId(),
            workerId,
            TaskOutcome.SUCCEEDED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
  }
}
