package io.arco.bench;

import io.arco.flow.engine.Engine;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.TaskCallbacks;
import io.arco.flow.engine.TaskTokenClaims;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import java.util.ArrayList;
import java.util.List;
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
    return engine.taskStarted(startedReport(ws, t, workerId));
  }

  /** The {@code completed} callback of {@code t} with outcome SUCCEEDED and nothing else. */
  static TaskCallbacks.CompletedAck succeeded(Engine engine, Scope ws, LeasedTask t, String workerId) {
    return engine.taskCompleted(succeededReport(ws, t, workerId));
  }

  /**
   * The {@code started} reports of every task of one lease in one batch, then their {@code
   * completed} reports in a second; or, {@code coalesced}, one batch with each task's {@code
   * started} followed by its {@code completed}. Fails unless every report was accepted.
   */
  static void batch(Engine engine, Scope ws, List<LeasedTask> leased, String workerId, boolean coalesced) {
    List<TaskCallbacks.Report> started = new ArrayList<>(leased.size());
    List<TaskCallbacks.Report> completed = new ArrayList<>(leased.size());
    List<TaskCallbacks.Report> both = new ArrayList<>(2 * leased.size());
    for (LeasedTask t : leased) {
      started.add(startedReport(ws, t, workerId));
      completed.add(succeededReport(ws, t, workerId));
      both.add(started.get(started.size() - 1));
      both.add(completed.get(completed.size() - 1));
    }
    for (List<TaskCallbacks.Report> reports : coalesced ? List.of(both) : List.of(started, completed)) {
      for (TaskCallbacks.ReportAnswer a : engine.taskReports(reports)) {
        if (a instanceof TaskCallbacks.ReportAnswer.Refused r) {
          throw new IllegalStateException("report refused: " + r.error());
        }
      }
    }
  }

  static TaskCallbacks.Started startedReport(Scope ws, LeasedTask t, String workerId) {
    TaskTokenClaims c = claims(ws, t);
    return new TaskCallbacks.Started(c.taskId(), c, t.attempt(), t.attemptId(), workerId);
  }

  static TaskCallbacks.Completed succeededReport(Scope ws, LeasedTask t, String workerId) {
    TaskTokenClaims c = claims(ws, t);
    return new TaskCallbacks.Completed(
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
            Optional.empty());
  }
}
