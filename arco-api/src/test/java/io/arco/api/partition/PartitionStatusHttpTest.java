package io.arco.api.partition;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Partition status, staleness and reconciliation over HTTP (api-contract §11, decisions §2.6, §6.5,
 * §6.10), with a worker completing tasks through the task protocol and the manual clock.
 */
class PartitionStatusHttpTest {
  private static final String D1 = "date=d:2026-01-01";
  private static final String D2 = "date=d:2026-01-02";
  private static final String D3 = "date=d:2026-01-03";
  private static final Map<String, Object> DAILY =
      Map.of("dimensions", List.of(Map.of("name", "date", "kind", "time", "granularity", "day")));

  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "w-1");

  @AfterEach
  void stop() {
    server.close();
  }

  private void deploy() {
    TestServer.Resp r =
        server.post(
            server.ws() + "/manifests",
            manifest(
                with(asset("sales.raw"), "partitioning", DAILY),
                with(asset("sales.clean", "sales.raw"), "partitioning", DAILY),
                asset("sales.dim")));
    assertThat(r.status()).isEqualTo(201);
  }

  private String triggerRun(String asset, String partitionKey, boolean upstream) {
    Map<String, Object> body = io.arco.api.testing.Fixtures.trigger(asset);
    if (partitionKey != null) {
      body.put("partitionKey", partitionKey);
    }
    body.put("includeUpstream", upstream);
    TestServer.Resp r = server.post(server.ws() + "/runs", body);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().get("runId").asText();
  }

  private TestServer.Resp completeWithOutput(JsonNode env, Map<String, Object> output) {
    Map<String, Object> body = Worker.attemptBody(env);
    body.put("outcome", "SUCCEEDED");
    body.put("output", output);
    return worker.callback(env, "completed", body);
  }

  private JsonNode get(String pathAndQuery) {
    TestServer.Resp r = server.get(server.ws() + pathAndQuery);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body();
  }

  private static List<String> field(JsonNode items, String name) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path(name).asText()));
    return out;
  }

  @Test
  void partitionsArePagedInKeyOrderWithStatusAndTheSummaryCountsThem() {
    deploy();
    triggerRun("sales.raw", D3, false);
    triggerRun("sales.raw", D1, false);
    triggerRun("sales.raw", D2, false);
    List<JsonNode> leased = worker.poll(3);
    Map<String, JsonNode> byPartition = new LinkedHashMap<>();
    leased.forEach(e -> byPartition.put(e.path("payload").path("partitionKey").asText(), e));
    worker.succeed(byPartition.get(D1));
    worker.fail(byPartition.get(D2), "DATA_QUALITY", false);

    JsonNode first = get("/partitions?assetKey=sales.raw&limit=2");
    assertThat(field(first.get("partitions"), "partitionKey")).containsExactly(D1, D2);
    assertThat(field(first.get("partitions"), "status")).containsExactly("MATERIALIZED", "FAILED");
    JsonNode d1 = first.get("partitions").get(0);
    assertThat(d1.get("isStale").asBoolean()).isFalse();
    assertThat(d1.has("staleReason")).isFalse();
    assertThat(d1.get("lastMaterializationCodeVersion").asText()).isEqualTo("code-1");
    assertThat(d1.get("lastAttemptOutcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(d1.get("lastMaterializationAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(d1.get("lastAttemptAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(d1.get("lastAttemptRunId").asText()).isEqualTo(d1.get("lastMaterializationRunId").asText());
    assertThat(d1.has("partitionValues")).isFalse();
    JsonNode d2 = first.get("partitions").get(1);
    assertThat(d2.get("isStale").asBoolean()).isTrue();
    assertThat(d2.get("staleReason").asText()).isEqualTo("NEVER_MATERIALIZED");
    assertThat(d2.has("lastMaterializationRunId")).isFalse();
    assertThat(d2.get("lastAttemptRunId").asText()).isNotEmpty();

    JsonNode second = get("/partitions?assetKey=sales.raw&limit=2&cursor=" + first.get("nextCursor").asText());
    assertThat(field(second.get("partitions"), "status")).containsExactly("IN_PROGRESS");
    assertThat(second.has("nextCursor")).isFalse();

    assertThat(field(get("/partitions?status=FAILED").get("partitions"), "partitionKey")).containsExactly(D2);
    assertThat(field(get("/partitions?staleOnly=true").get("partitions"), "partitionKey")).containsExactly(D2, D3);
    assertThat(get("/partitions?assetKey=sales/raw").get("partitions")).isEmpty();

    JsonNode summary = get("/assets/sales.raw/partitions/summary");
    assertThat(summary.toString())
        .isEqualTo(
            "{\"assetKey\":\"sales.raw\",\"totalPartitions\":3,\"materializedPartitions\":1,"
                + "\"stalePartitions\":2,\"missingPartitions\":2,\"failedPartitions\":1,"
                + "\"inProgressPartitions\":1}");
    TestServer.Resp none = server.get(server.ws() + "/assets/sales.dim/partitions/summary");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.message()).isEqualTo("no partitions found for asset: sales.dim");

    assertThat(server.get(server.ws() + "/partitions?status=DONE").message())
        .isEqualTo("invalid query parameter 'status'");
    assertThat(server.get(server.ws() + "/partitions?staleOnly=yes").message())
        .isEqualTo("invalid query parameter 'staleOnly'");
    assertThat(server.get(server.ws() + "/partitions?cursor=abc").message()).isEqualTo("invalid cursor");
    assertThat(server.get(server.ws() + "/partitions?limit=0").message()).isEqualTo("limit must be between 1 and 200");
  }

  @Test
  void theStalenessReportExplainsAndReconciliationTriggersIdempotentRuns() {
    deploy();
    triggerRun("sales.clean", D1, true);
    worker.drainSucceeding();
    assertThat(field(get("/staleness").get("partitions"), "assetKey")).containsExactly("sales.dim");

    server.advance(Duration.ofMinutes(10));
    triggerRun("sales.raw", D1, false);
    worker.drainSucceeding();

    JsonNode report = get("/staleness?assetKey=sales.clean");
    JsonNode entry = report.get("partitions").get(0);
    assertThat(entry.get("partitionKey").asText()).isEqualTo(D1);
    assertThat(entry.get("reason").asText()).isEqualTo("UPSTREAM_CHANGED");
    assertThat(entry.get("staleSince").asText()).isEqualTo("2026-01-01T00:10:00Z");
    assertThat(entry.get("causes").toString())
        .isEqualTo(
            "[{\"reason\":\"UPSTREAM_CHANGED\",\"assetKey\":\"sales.raw\",\"partitionKey\":\"" + D1
                + "\",\"at\":\"2026-01-01T00:10:00Z\"}]");
    JsonNode paged = get("/staleness?limit=1");
    assertThat(field(paged.get("partitions"), "assetKey")).containsExactly("sales.clean");
    JsonNode rest = get("/staleness?limit=1&cursor=" + paged.get("nextCursor").asText());
    assertThat(rest.get("partitions").get(0).get("assetKey").asText()).isEqualTo("sales.dim");
    assertThat(rest.get("partitions").get(0).has("partitionKey")).isFalse();
    assertThat(get("/partitions?assetKey=sales.clean").get("partitions").get(0).get("staleReason").asText())
        .isEqualTo("UPSTREAM_CHANGED");

    Map<String, Object> body = Map.of("assetSelection", List.of("sales/clean", "sales.dim"));
    JsonNode plan = server.post(server.ws() + "/reconciliation/plan", body).body();
    assertThat(field(plan.get("runs"), "runKey"))
        .allMatch(k -> k.startsWith("reconcile:sales.clean:" + D1 + ":") || k.startsWith("reconcile:sales.dim:-:"));
    JsonNode planned = plan.get("runs").get(0);
    assertThat(planned.get("assetSelection").toString()).isEqualTo("[\"sales.clean\"]");
    assertThat(planned.get("partitionKey").asText()).isEqualTo(D1);
    assertThat(planned.get("reasons").toString()).isEqualTo("[\"UPSTREAM_CHANGED\"]");
    assertThat(plan.get("runs").get(1).has("partitionKey")).isFalse();
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).as("plan has no side effects").hasSize(2);

    JsonNode applied = server.post(server.ws() + "/reconciliation/apply", body).body();
    JsonNode again = server.post(server.ws() + "/reconciliation/apply", body).body();
    assertThat(field(applied.get("runs"), "created")).containsExactly("true", "true");
    assertThat(field(again.get("runs"), "created")).containsExactly("false", "false");
    assertThat(field(again.get("runs"), "runId")).isEqualTo(field(applied.get("runs"), "runId"));
    assertThat(field(applied.get("runs"), "runKey")).isEqualTo(field(plan.get("runs"), "runKey"));
    JsonNode run = get("/runs/" + applied.get("runs").get(0).get("runId").asText());
    assertThat(run.get("runKey").asText()).isEqualTo(planned.get("runKey").asText());
    assertThat(run.get("tasks").get(0).get("partitionKey").asText()).isEqualTo(D1);

    worker.drainSucceeding();
    assertThat(get("/staleness").get("partitions")).isEmpty();
  }

  @Test
  void reconciliationRefusesBadSelectionsWithTheTriggersMessages() {
    Map<String, Object> body = Map.of("assetSelection", List.of("sales.raw"));
    assertThat(server.post(server.ws() + "/reconciliation/plan", body).message())
        .isEqualTo("no manifest deployed for workspace; deploy a manifest before triggering a run");
    deploy();
    TestServer.Resp unknown =
        server.post(server.ws() + "/reconciliation/apply", Map.of("assetSelection", List.of("sales.nope", "sales.raw")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).isEqualTo("unknown asset keys: sales.nope");
    assertThat(server.post(server.ws() + "/reconciliation/plan", Map.of("assetSelection", List.of())).message())
        .isEqualTo("assetSelection cannot be empty");
    TestServer.Resp missing = server.post(server.ws() + "/reconciliation/plan", Map.of());
    assertThat(missing.status()).isEqualTo(422);
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).isEmpty();
  }

  @Test
  void aBadFreshnessPolicyIsRefusedAtDeployAndAGoodOneMakesOldPartitionsStale() {
    Map<String, Object> bad =
        manifest(with(asset("sales.raw"), "freshnessPolicy", Map.of("maximumLagMinutes", 0)));
    TestServer.Resp refused = server.post(server.ws() + "/manifests", bad);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message())
        .isEqualTo(
            "asset 'sales.raw' has invalid freshnessPolicy: maximumLagMinutes must be an integer"
                + " between 1 and 2147483647");
    assertThat(get("/manifests").get("manifests")).isEmpty();

    Map<String, Object> good =
        manifest(
            with(
                with(asset("sales.raw"), "partitioning", DAILY),
                "freshnessPolicy",
                Map.of("maximumLagMinutes", 30)));
    assertThat(server.post(server.ws() + "/manifests", good).status()).isEqualTo(201);
    triggerRun("sales.raw", D1, false);
    worker.drainSucceeding();
    assertThat(get("/staleness").get("partitions")).isEmpty();

    server.advance(Duration.ofMinutes(31));

    JsonNode entry = get("/staleness").get("partitions").get(0);
    assertThat(entry.get("reason").asText()).isEqualTo("FRESHNESS_POLICY");
    assertThat(entry.get("staleSince").asText()).isEqualTo("2026-01-01T00:30:00Z");
  }

  @Test
  void aTasksOutputLeadsToItsRunAndToThePartitionRowsLineage() throws Exception {
    deploy();
    String runId = triggerRun("sales.raw", D1, false);
    JsonNode env = worker.pollOne();
    assertThat(get("/partitions?assetKey=sales.raw").get("partitions").get(0).get("status").asText())
        .isEqualTo("IN_PROGRESS");
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("materializationId", "mat-9");
    output.put("deltaTable", "warehouse.sales_raw");
    output.put("deltaVersion", 12);
    output.put("deltaPartition", D1);
    assertThat(completeWithOutput(env, output).status()).isEqualTo(200);

    JsonNode task = get("/runs/" + runId).get("tasks").get(0);
    assertThat(task.get("deltaTable").asText()).isEqualTo("warehouse.sales_raw");
    assertThat(task.get("deltaVersion").asLong()).isEqualTo(12);
    assertThat(task.get("deltaPartition").asText()).isEqualTo(D1);
    String lineage = task.get("executionLineageRef").asText();

    JsonNode row = get("/partitions?assetKey=sales.raw").get("partitions").get(0);
    assertThat(row.get("executionLineageRef").asText()).isEqualTo(lineage);
    assertThat(row.get("lastMaterializationRunId").asText()).isEqualTo(runId);
    assertThat(row.get("deltaTable").asText()).isEqualTo("warehouse.sales_raw");
    assertThat(row.get("deltaVersion").asLong()).isEqualTo(12);
    assertThat(row.get("deltaPartition").asText()).isEqualTo(D1);
    assertThat(row.get("status").asText()).isEqualTo("MATERIALIZED");
    JsonNode ref = Json.MAPPER.readTree(lineage);
    assertThat(ref.get("runId").asText()).isEqualTo(runId);
    assertThat(ref.get("taskKey").asText()).isEqualTo("sales.raw");
    assertThat(ref.get("materializationId").asText()).isEqualTo("mat-9");
  }
}
