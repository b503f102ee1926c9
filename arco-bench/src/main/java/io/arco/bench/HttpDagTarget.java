package io.arco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.model.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The black-box side of the throughput benchmark: a server reached only over HTTP, as a user
 * (deploy, trigger, read the run) and remote workers (poll, callbacks) reach it. Each worker has
 * its own {@link ArcoHttp}, so its own keep-alive connection.
 *
 * <p>Given several base URLs (the nodes of a cluster), worker {@code w} talks to node {@code w mod
 * n}, run {@code i} is triggered on node {@code i mod n} and read back on the node that triggered
 * it; the manifest is deployed on the first node.
 */
final class HttpDagTarget implements DagRunner.Target {
  private final LayeredDag dag;
  private final List<ArcoHttp> users;
  private final List<ArcoHttp> workers;
  private final Map<String, ArcoHttp> triggeredOn = new ConcurrentHashMap<>();
  private int triggers;
  private final int maxTasks;
  private final int waitMs;
  private final Callbacks callbacks;
  private final Timeline timeline = new Timeline();

  HttpDagTarget(String baseUrl, Scope ws, LayeredDag dag, int workers, int maxTasks, int waitMs, Callbacks callbacks) {
    this(List.of(baseUrl), ws, dag, workers, maxTasks, waitMs, callbacks);
  }

  /** Workers and triggers spread round-robin over {@code baseUrls}. */
  HttpDagTarget(
      List<String> baseUrls, Scope ws, LayeredDag dag, int workers, int maxTasks, int waitMs, Callbacks callbacks) {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("no base URL");
    }
    this.dag = dag;
    this.users = baseUrls.stream().map(u -> new ArcoHttp(u, ws)).toList();
    this.workers = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      this.workers.add(new ArcoHttp(baseUrls.get(w % baseUrls.size()), ws));
    }
    this.maxTasks = maxTasks;
    this.waitMs = waitMs;
    this.callbacks = callbacks;
  }

  /** {@code POST /manifests} of the DAG. */
  void deploy() {
    ArcoHttp user = users.get(0);
    user.post(user.workspacePath("/manifests"), dag.manifest("bench-1")).expectOk("deploy");
  }

  /** {@code POST /runs} of the last layer with its upstream closure: the whole DAG. */
  @Override
  public String trigger() {
    timeline.start();
    ArcoHttp user = users.get(triggers++ % users.size());
    JsonNode r =
        user.post(
                user.workspacePath("/runs"),
                Map.of("selection", dag.layer(dag.layers() - 1), "includeUpstream", true))
            .expectOk("trigger")
            .body();
    String runId = r.path("runId").asText();
    triggeredOn.put(runId, user);
    return runId;
  }

  /** What the workers did in the current run (see {@link Timeline}). */
  Timeline timeline() {
    return timeline;
  }

  @Override
  public int pollAndReport(int worker) {
    long sent = System.nanoTime();
    ArcoHttp http = workers.get(worker);
    String workerId = "bench-w" + worker;
    JsonNode tasks =
        http.post(
                http.workspacePath("/workers/poll"),
                Map.of("workerId", workerId, "maxTasks", maxTasks, "waitMs", waitMs))
            .expectOk("poll")
            .body()
            .path("tasks");
    if (tasks.isEmpty()) {
      return 0;
    }
    long answered = System.nanoTime();
    int n = callbacks.report(http, workerId, tasks);
    timeline.record(worker, sent, answered, tasks.size(), System.nanoTime());
    return n;
  }

  @Override
  public DagRunner.RunStatus status(String runId) {
    ArcoHttp user = triggeredOn.getOrDefault(runId, users.get(0));
    JsonNode run = user.get(user.workspacePath("/runs/" + runId)).expectOk("get run").body();
    return new DagRunner.RunStatus(run.path("state").asText(), run.path("taskCounts").path("succeeded").asInt());
  }
}
