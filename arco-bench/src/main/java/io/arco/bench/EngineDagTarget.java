package io.arco.bench;

import io.arco.flow.engine.Engine;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.RunView;
import java.util.List;
import java.util.Optional;

/**
 * The in-process side of the throughput benchmark: the same DAG and the same worker loop, straight
 * through the engine API (no HTTP, no JSON, no task tokens): {@code lease}, then {@code
 * taskStarted} and {@code taskCompleted} per task, or ({@code --callbacks batch}) {@code
 * taskReports} with every task's {@code started}, then with every task's {@code completed}.
 */
final class EngineDagTarget implements DagRunner.Target {
  private final Engine engine;
  private final Scope ws;
  private final LayeredDag dag;
  private final int maxTasks;
  private final int waitMs;
  private final Callbacks callbacks;

  EngineDagTarget(Engine engine, Scope ws, LayeredDag dag, int maxTasks, int waitMs, Callbacks callbacks) {
    this.callbacks = callbacks;
    this.engine = engine;
    this.ws = ws;
    this.dag = dag;
    this.maxTasks = maxTasks;
    this.waitMs = waitMs;
  }

  void deploy() {
    engine.deployManifest(ws, dag.manifest("bench-1"), Optional.empty(), "bench");
  }

  @Override
  public String trigger() {
    return engine.triggerRun(ws, TriggerRequest.of(dag.keys()), "bench").runId();
  }

  @Override
  public int pollAndReport(int worker) {
    String workerId = "bench-w" + worker;
    List<LeasedTask> leased =
        engine.lease(ws, new LeaseRequest(workerId, List.of(TaskDef.DEFAULT_QUEUE), maxTasks, waitMs));
    if (leased.isEmpty()) {
      return 0;
    }
    switch (callbacks) {
      case PER_TASK -> {
        for (LeasedTask t : leased) {
          EngineCalls.started(engine, ws, t, workerId);
          EngineCalls.succeeded(engine, ws, t, workerId);
        }
      }
      case BATCH -> EngineCalls.batch(engine, ws, leased, workerId, false);
      case COALESCED -> EngineCalls.batch(engine, ws, leased, workerId, true);
    }
    return leased.size();
  }

  @Override
  public DagRunner.RunStatus status(String runId) {
    RunView run = engine.getRun(ws, runId);
    return new DagRunner.RunStatus(run.state().name(), run.taskCounts().succeeded());
  }
}
