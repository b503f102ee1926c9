package io.arco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.model.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The black-box side of the throughput benchmark: a server reached only over HTTP, as a user
 * (deploy, trigger, read the run) and remote workers (poll, callbacks) reach it. Each worker has
 * its own {@link ArcoHttp}, so its own keep-alive connection.
 */
final class HttpDagTarget implements DagRunner.Target {
  private final LayeredDag dag;
  private final ArcoHttp user;
  private final List<ArcoHttp> workers;
  private final int maxTasks;
  private final int waitMs;
  private final Callbacks callbacks;

  HttpDagTarget(String baseUrl, Scope ws, LayeredDag dag, int workers, int maxTasks, int waitMs, Callbacks callbacks) {
    this.dag = dag;
    this.user = new ArcoHttp(baseUrl, ws);
    this.workers = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      this.workers.add(new ArcoHttp(baseUrl, ws));
    }
    this.maxTasks = maxTasks;
    this.waitMs = waitMs;
    this.callbacks = callbacks;
  }

  /** {@code POST /manifests} of the DAG. */
  void deploy() {
    user.post(user.workspacePath("/manifests"), dag.manifest("bench-1")).expectOk("deploy");
  }

  /** {@code POST /runs} of the last layer with its upstream closure: the whole DAG. */
  @Override
  public String trigger() {
    JsonNode r =
        user.post(
                user.workspacePath("/runs"),
                Map.of("selection", dag.layer(dag.layers() - 1), "includeUpstream", true))
            .expectOk("trigger")
            .body();
    return r.path("runId").asText();
  }

  @Override
  public int pollAndReport(int worker) {
    ArcoHttp http = workers.get(worker);
    String workerId = "bench-w" + worker;
    JsonNode tasks =
        http.post(
                http.workspacePath("/workers/poll"),
                Map.of("workerId", workerId, "maxTasks", maxTasks, "waitMs", waitMs))
            .expectOk("poll")
            .body()
            .path("tasks");
    return tasks.isEmpty() ? 0 : callbacks.report(http, workerId, tasks);
  }

  @Override
  public DagRunner.RunStatus status(String runId) {
    JsonNode run = user.get(user.workspacePath("/runs/" + runId)).expectOk("get run").body();
    return new DagRunner.RunStatus(run.path("state").asText(), run.path("taskCounts").path("succeeded").asInt());
  }
}
