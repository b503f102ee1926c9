package io.arco.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.log.ServerLog;
import io.arco.api.localworker.ArcoClient;
import io.arco.flow.engine.TransitionLog;
import io.arco.flow.model.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code arco serve --example}: deploys {@code examples/manifest.json} and triggers one run of
 * {@code examples/run.json} over the HTTP API, then reports when that run ends. The transition log
 * prints every task transition in between.
 */
final class ExampleRun {
  private final ArcoClient client;
  private final String url;
  private final Scope scope;
  private final TransitionLog transitions;
  private final ServerLog log;

  ExampleRun(
      String url,
      Scope scope,
      Supplier<Map<String, String>> headers,
      TransitionLog transitions,
      ServerLog log) {
    this.client = new ArcoClient(url, headers);
    this.url = url;
    this.scope = scope;
    this.transitions = transitions;
    this.log = log;
  }

  void start() {
    Thread.ofPlatform().daemon().name("arco-example").start(this::run);
  }

  private void run() {
    try {
      Path dir = Path.of("examples");
      JsonNode manifest = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve("manifest.json")));
      JsonNode trigger = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve("run.json")));
      String base = "/api/v1/workspaces/" + scope.workspace();
      ArcoClient.Response deployed = client.post(base + "/manifests", manifest, Map.of(), Duration.ofSeconds(30));
      if (deployed.status() != 201 && deployed.status() != 200) {
        say("example: deploy failed: " + deployed.status() + " " + deployed.body(), Map.of());
        return;
      }
      String manifestId = deployed.body().path("manifestId").asText();
      say(
          "example: deployed manifest "
              + manifestId
              + " ("
              + deployed.body().path("assetCount").asInt()
              + " assets)",
          Map.of("manifestId", manifestId));
      ArcoClient.Response run = client.post(base + "/runs", trigger, Map.of(), Duration.ofSeconds(30));
      if (run.status() != 201 && run.status() != 200) {
        say("example: trigger failed: " + run.status() + " " + run.body(), Map.of());
        return;
      }
      String runId = run.body().path("runId").asText();
      say("example: triggered run " + runId, Map.of("runId", runId));
      java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
      Runnable report =
          () -> {
            if (reported.compareAndSet(false, true)) {
              say(
                  "example: run " + runId + " finished; inspect it with: curl -s -H 'X-Tenant-Id: "
                      + scope.tenant() + "' -H 'X-Workspace-Id: " + scope.workspace() + "' "
                      + url + base + "/runs/" + runId,
                  Map.of("runId", runId));
            }
          };
      transitions.onRunEnd(
          ended -> {
            if (ended.equals(runId)) {
              report.run();
            }
          });
      String state = client.get(base + "/runs/" + runId).body().path("state").asText();
      if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
        report.run();
      }
    } catch (Exception e) {
      say("example: failed: " + e, Map.of());
    }
  }

  private void say(String line, Map<String, String> fields) {
    log.info("arco.example", "example", line, fields);
  }
}
