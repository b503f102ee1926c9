package io.arco.api.ops;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.api.ServerConfig;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.store.InMemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What {@code GET /metrics} exports after some traffic (issue 13): HTTP latency histograms by
 * route template and status, the writers' commit latency and batch sizes, snapshot durations, run
 * and task transitions by state, per-workspace run counts and writer backlog, and the JVM's and
 * process's figures, in the Prometheus text format.
 */
class MetricsHttpTest {
  private static String scrape(TestServer s) {
    TestServer.Resp m = s.send("GET", "/metrics", null, Map.of());
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
    return m.raw();
  }

  @Test
  void httpLatencyIsAHistogramByMethodRouteTemplateAndStatusNeverByRawPath() {
    try (TestServer s = TestServer.start()) {
      String runId = s.deployAndTrigger(List.of(asset("s.a")), "s.a");
      s.get(s.ws() + "/runs/" + runId);
      s.get(s.ws() + "/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV");
      s.send("GET", s.ws() + "/runs", null, Map.of()); // no tenancy headers: 401 before routing
      s.get("/no/such/route");

      String m = scrape(s);

      assertThat(m).contains("# TYPE http_server_requests_seconds histogram");
      String runs = "method=\"POST\",outcome=\"SUCCESS\",route=\"/api/v1/workspaces/{ws}/runs\",status=\"201\"";
      assertThat(m)
          .contains(
              "http_server_requests_seconds_bucket{" + runs + ",le=\"0.005\"}",
              "http_server_requests_seconds_bucket{" + runs + ",le=\"60.0\"} 1",
              "http_server_requests_seconds_bucket{" + runs + ",le=\"+Inf\"} 1",
              "http_server_requests_seconds_count{" + runs + "} 1",
              "http_server_requests_seconds_sum{" + runs + "}");
      String run = "method=\"GET\",outcome=\"%s\",route=\"/api/v1/workspaces/{ws}/runs/{runId}\",status=\"%s\"";
      assertThat(m)
          .contains(
              "http_server_requests_seconds_count{" + run.formatted("SUCCESS", "200") + "} 1",
              "http_server_requests_seconds_count{" + run.formatted("CLIENT_ERROR", "404") + "} 1",
              "http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\","
                  + "route=\"/api/v1/workspaces/{ws}/runs\",status=\"401\"} 1",
              "http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\","
                  + "route=\"UNMATCHED\",status=\"404\"} 1");
      assertThat(m).doesNotContain(runId, "/api/v1/workspaces/w1", "/no/such/route");
      assertThat(m).contains("arco_http_requests_total{status=\"2xx\"} 3.0", "arco_http_requests_total{status=\"4xx\"} 3.0");
    }
  }

  @Test
  void writerCommitLatencyAndBatchSizesAreHistograms() {
    try (TestServer s = TestServer.start()) {
      s.deployAndTrigger(List.of(asset("s.a")), "s.a");

      String m = scrape(s);

      assertThat(m)
          .contains(
              "# TYPE arco_writer_commit_seconds histogram",
              "arco_writer_commit_seconds_bucket{le=\"0.001\"}",
              "arco_writer_commit_seconds_bucket{le=\"+Inf\"} 2",
              "arco_writer_commit_seconds_count 2",
              "# TYPE arco_writer_batch_commands histogram",
              "arco_writer_batch_commands_bucket{le=\"1.0\"} 2",
              "arco_writer_batch_commands_count 2",
              "arco_writer_batch_commands_sum 2.0",
              "# TYPE arco_writer_batch_events histogram",
              "arco_writer_batch_events_bucket{le=\"+Inf\"} 2");
    }
  }

  @Test
  void snapshotDurationsAreAHistogramByOutcome() {
    try (TestServer s =
        TestServer.start(
            new InMemoryEventStore(),
            ServerConfig.defaults(),
            EngineOptions.defaults().withTickInterval(Duration.ZERO).withSnapshotEvery(1))) {
      s.deployAndTrigger(List.of(asset("s.a")), "s.a");
      s.engine().awaitSnapshots();

      String m = scrape(s);

      assertThat(m)
          .contains(
              "# TYPE arco_snapshot_seconds histogram",
              "arco_snapshot_seconds_bucket{outcome=\"saved\",le=\"+Inf\"} ",
              "arco_snapshot_seconds_count{outcome=\"failed\"} 0",
              "# TYPE arco_snapshot_size_bytes summary");
      assertThat(m).doesNotContain("arco_snapshot_seconds_count{outcome=\"saved\"} 0");
    }
  }

  @Test
  void runAndTaskTransitionsAreCountedByTheStateEnteredPerWorkspace() {
    try (TestServer s = TestServer.start()) {
      s.deployAndTrigger(List.of(asset("s.a"), asset("s.b", "s.a")), "s.a", "s.b");
      new Worker(s, "w-1").drainSucceeding();

      String m = scrape(s);

      String ws = "tenant=\"t1\",workspace=\"w1\"";
      assertThat(m)
          .contains(
              "# TYPE arco_run_transitions_total counter",
              "arco_run_transitions_total{state=\"RUNNING\"," + ws + "} 1.0",
              "arco_run_transitions_total{state=\"SUCCEEDED\"," + ws + "} 1.0",
              "# TYPE arco_task_transitions_total counter",
              "arco_task_transitions_total{state=\"DISPATCHED\"," + ws + "} 2.0",
              "arco_task_transitions_total{state=\"SUCCEEDED\"," + ws + "} 2.0",
              "arco_runs{state=\"SUCCEEDED\"," + ws + "} 1.0",
              "arco_open_runs{" + ws + "} 0.0",
              "arco_events_total{" + ws + "} ");
    }
  }

  @Test
  void theWritersBacklogIsAGaugePerWorkspaceCountingParkedLongPolls() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      String ws = "{tenant=\"t1\",workspace=\"w1\"}";
      assertThat(scrape(s)).contains("arco_writer_queue_depth" + ws + " 0.0", "arco_writer_parked" + ws + " 0.0");

      CompletableFuture<TestServer.Resp> poll =
          CompletableFuture.supplyAsync(
              () -> s.post(s.ws() + "/workers/poll", Map.of("workerId", "w-1", "maxTasks", 1, "waitMs", 30_000)));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!scrape(s).contains("arco_writer_parked" + ws + " 1.0") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(scrape(s)).contains("arco_writer_parked" + ws + " 1.0");

      s.post(s.ws() + "/runs", trigger("s.a"));
      assertThat(poll.get().body().path("tasks")).hasSize(1);
      assertThat(scrape(s)).contains("arco_writer_parked" + ws + " 0.0");
    }
  }

  @Test
  void jvmAndProcessFiguresAreExported() {
    try (TestServer s = TestServer.start()) {
      String m = scrape(s);

      assertThat(m)
          .contains(
              "jvm_memory_used_bytes{area=\"heap\"",
              "jvm_gc_memory_allocated_bytes_total",
              "jvm_threads_live_threads",
              "jvm_threads_states_threads{state=\"runnable\"}",
              "jvm_classes_loaded_classes",
              "jvm_info{",
              "process_cpu_usage",
              "process_uptime_seconds",
              "process_files_open_files",
              "system_cpu_count");
    }
  }
}
