package io.arco.api.parity;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.ServerConfig;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.RebuildReport;
import io.arco.flow.model.Scope;
import io.arco.flow.store.SqliteEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity gates M1 over HTTP (the reference's {@code parity_m1_*} suite): selection and planning,
 * run identity, reruns, deterministic attribution and conflict diagnostics.
 */
class OrchestrationParityGatesM1Test {
  private static final Scope WS = new Scope("t1", "w1");
  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "gate-worker");

  @AfterEach
  void stop() {
    server.close();
  }

  private String runs() {
    return server.ws() + "/runs";
  }

  private TestServer.Resp deploy(Map<String, Object> manifest) {
    return server.post(server.ws() + "/manifests", manifest);
  }

  private String startRun(Map<String, Object> body) {
    TestServer.Resp r = server.post(runs(), body);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().get("runId").asText();
  }

  private JsonNode run(String runId) {
    return server.get(runs() + "/" + runId).body();
  }

  private static List<String> taskKeys(JsonNode run) {
    List<String> keys = new ArrayList<>();
    run.get("tasks").forEach(t -> keys.add(t.get("taskKey").asText()));
    return keys;
  }

  private static JsonNode task(JsonNode run, String key) {
    for (JsonNode t : run.get("tasks")) {
      if (t.get("taskKey").asText().equals(key)) {
        return t;
      }
    }
    throw new AssertionError(key + " not in " + run);
  }

  private Map<String, Object> chainManifest() {
    return manifest(asset("analytics.a"), asset("analytics.b", "analytics.a"), asset("analytics.c", "analytics.b"));
  }

  /** a → b → c where a succeeds and b fails terminally, so c is skipped and the run FAILED. */
  private String failedChainRun() {
    deploy(chainManifest());
    Map<String, Object> t = trigger("analytics.c");
    t.put("includeUpstream", true);
    String runId = startRun(t);
    JsonNode a = worker.pollOne();
    worker.started(a);
    worker.succeed(a);
    JsonNode b = worker.pollOne();
    worker.started(b);
    worker.fail(b, "DATA_QUALITY", false);
    assertThat(run(runId).get("state").asText()).isEqualTo("FAILED");
    return runId;
  }

  private TestServer.Resp rerun(String parent, Map<String, Object> body) {
    return server.post(runs() + "/" + parent + "/rerun", body);
  }

  @Test
  void selectionDoesNotAutoFillTasks() {
    deploy(chainManifest());

    String runId = startRun(trigger("analytics.a"));

    assertThat(taskKeys(run(runId))).containsExactly("analytics.a");
  }

  @Test
  void deployRejectsAnInvalidAssetKey() {
    Map<String, Object> bad = asset("analytics.a");
    bad.put("key", Map.of("namespace", "Analytics", "name", "a"));

    TestServer.Resp r = deploy(manifest(bad));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("BAD_REQUEST");
    assertThat(r.message()).isEqualTo("invalid asset key 'Analytics/a': invalid namespace 'Analytics'");
  }

  @Test
  void aRejectedRequestDoesNotReserveItsRunKey() {
    deploy(chainManifest());
    Map<String, Object> bad = trigger("analytics.nope");
    bad.put("runKey", "gate-key");
    assertThat(server.post(runs(), bad).status()).isEqualTo(400);

    Map<String, Object> good = trigger("analytics.a");
    good.put("runKey", "gate-key");
    TestServer.Resp r = server.post(runs(), good);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body().get("created").asBoolean()).isTrue();
  }

  @Test
  void includeDownstreamFollowsTheManifestGraph() {
    deploy(chainManifest());
    Map<String, Object> t = trigger("analytics.a");
    t.put("includeDownstream", true);

    JsonNode r = run(startRun(t));

    assertThat(taskKeys(r)).containsExactly("analytics.a", "analytics.b", "analytics.c");
    assertThat(task(r, "analytics.a").get("state").asText()).isEqualTo("QUEUED");
    assertThat(task(r, "analytics.b").get("state").asText()).isEqualTo("PENDING");
  }

  @Test
  void runKeyIdempotencyIsInsensitiveToSelectionOrder() {
    deploy(manifest(asset("analytics.a"), asset("analytics.b")));
    Map<String, Object> first = trigger("analytics.a", "analytics.b");
    first.put("runKey", "k");
    Map<String, Object> reordered = trigger("analytics.b", "analytics/a");
    reordered.put("runKey", "k");

    TestServer.Resp one = server.post(runs(), first);
    TestServer.Resp two = server.post(runs(), reordered);

    assertThat(one.status()).isEqualTo(201);
    assertThat(two.status()).isEqualTo(200);
    assertThat(two.body().get("created").asBoolean()).isFalse();
    assertThat(two.body().get("runId").asText()).isEqualTo(one.body().get("runId").asText());
  }

  @Test
  void runKeyConflictOnPayloadMismatchCarriesTheFullDetails() {
    deploy(manifest(asset("analytics.a"), asset("analytics.b")));
    Map<String, Object> first = trigger("analytics.a");
    first.put("runKey", "k");
    TestServer.Resp one = server.post(runs(), first);
    Map<String, Object> other = trigger("analytics.b");
    other.put("runKey", "k");

    TestServer.Resp r = server.post(runs(), other);

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.code()).isEqualTo("CONFLICT");
    assertThat(r.message()).isEqualTo("run_key 'k' already reserved with different trigger payload");
    JsonNode d = r.body().get("details");
    assertThat(d.get("conflictType").asText()).isEqualTo("RUN_KEY_FINGERPRINT_MISMATCH");
    assertThat(d.get("runKey").asText()).isEqualTo("k");
    assertThat(d.get("existingRunId").asText()).isEqualTo(one.body().get("runId").asText());
    assertThat(d.get("existingPlanId").asText()).isEqualTo(one.body().get("planId").asText());
    assertThat(d.get("existingCreatedAt").asText()).isEqualTo(one.body().get("createdAt").asText());
    assertThat(d.get("existingFingerprint").asText()).matches("[0-9a-f]{64}");
    assertThat(d.get("requestedFingerprint").asText()).matches("[0-9a-f]{64}");
    assertThat(d.get("existingSelection").get(0).asText()).isEqualTo("analytics.a");
    assertThat(d.get("requestedSelection").get(0).asText()).isEqualTo("analytics.b");
  }

  @Test
  void invalidAndUnknownAssetKeysAreRejected() {
    deploy(chainManifest());

    TestServer.Resp invalid = server.post(runs(), trigger("analytics..a"));
    TestServer.Resp unknown = server.post(runs(), trigger("analytics.z", "analytics.y", "analytics.z"));

    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.message()).isEqualTo("invalid asset key 'analytics..a': invalid name '.a'");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).isEqualTo("unknown asset keys: analytics.y, analytics.z");
  }

  @Test
  void rerunFromFailurePlansOnlyUnsucceededTasks() {
    String parent = failedChainRun();

    TestServer.Resp r = rerun(parent, Map.of("mode", "fromFailure"));

    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    assertThat(r.body().get("parentRunId").asText()).isEqualTo(parent);
    assertThat(r.body().get("rerunKind").asText()).isEqualTo("FROM_FAILURE");
    assertThat(r.body().get("rerunReason").asText()).isEqualTo("from_failure_unsucceeded_tasks");
    JsonNode child = run(r.body().get("runId").asText());
    assertThat(taskKeys(child)).containsExactly("analytics.b", "analytics.c");
    assertThat(task(child, "analytics.b").get("state").asText()).as("its only upstream succeeded").isEqualTo("QUEUED");
    assertThat(task(child, "analytics.c").get("state").asText()).isEqualTo("PENDING");
    assertThat(child.get("labels").get("arco.parent_run_id").asText()).isEqualTo(parent);
    assertThat(child.get("labels").get("arco.rerun.kind").asText()).isEqualTo("FROM_FAILURE");
    assertThat(child.get("parentRunId").asText()).isEqualTo(parent);
    assertThat(child.get("rerunReason").asText()).isEqualTo("from_failure_unsucceeded_tasks");

    TestServer.Resp again = rerun(parent, Map.of("mode", "fromFailure"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("created").asBoolean()).isFalse();
    assertThat(again.body().get("runId").asText()).isEqualTo(r.body().get("runId").asText());
    JsonNode listed = null;
    for (JsonNode item : server.get(runs()).body().get("runs")) {
      if (item.get("runId").asText().equals(r.body().get("runId").asText())) {
        listed = item;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.get("rerunKind").asText()).isEqualTo("FROM_FAILURE");
    assertThat(listed.get("parentRunId").asText()).isEqualTo(parent);
  }

  @Test
  void rerunSubsetRespectsIncludeDownstream() {
    String parent = failedChainRun();

    TestServer.Resp plain = rerun(parent, Map.of("mode", "subset", "selection", List.of("analytics.a")));
    TestServer.Resp down =
        rerun(parent, Map.of("mode", "subset", "selection", List.of("analytics.a"), "includeDownstream", true));

    assertThat(plain.body().get("rerunReason").asText()).isEqualTo("subset_selection");
    assertThat(taskKeys(run(plain.body().get("runId").asText()))).containsExactly("analytics.a");
    assertThat(taskKeys(run(down.body().get("runId").asText())))
        .containsExactly("analytics.a", "analytics.b", "analytics.c");
    TestServer.Resp unknown = rerun(parent, Map.of("mode", "subset", "selection", List.of("analytics.z", "analytics.y")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).isEqualTo("unknown task keys: analytics.y, analytics.z");
  }

  @Test
  void skipAttributionIsDeterministicAcrossEdgeOrdering() {
    deploy(manifest(asset("analytics.a"), asset("analytics.b"), asset("analytics.c", "analytics.b", "analytics.a")));
    for (List<String> failOrder : List.of(List.of("analytics.a", "analytics.b"), List.of("analytics.b", "analytics.a"))) {
      Map<String, Object> t = trigger("analytics.c");
      t.put("includeUpstream", true);
      String runId = startRun(t);
      Map<String, JsonNode> leased = new java.util.HashMap<>();
      worker.poll(2).forEach(e -> leased.put(e.get("taskKey").asText(), e));
      for (String key : failOrder) {
        worker.fail(leased.get(key), "CONFIGURATION", false);
      }

      JsonNode c = task(run(runId), "analytics.c");

      assertThat(c.get("state").asText()).isEqualTo("SKIPPED");
      assertThat(c.get("skipAttribution").get("upstreamTaskKey").asText()).as("order %s", failOrder).isEqualTo("analytics.a");
      assertThat(c.get("skipAttribution").get("upstreamResolution").asText()).isEqualTo("FAILED");
    }
  }

  @Test
  void rerunRunKeyConflictSurfacesTheDiagnosticsPayload() {
    String parent = failedChainRun();
    TestServer.Resp first = rerun(parent, Map.of("mode", "fromFailure", "runKey", "rr"));

    TestServer.Resp r =
        rerun(parent, Map.of("mode", "subset", "selection", List.of("analytics.a"), "runKey", "rr"));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.message()).isEqualTo("run_key 'rr' already reserved with different trigger payload");
    JsonNode d = r.body().get("details");
    assertThat(d.get("conflictType").asText()).isEqualTo("RUN_KEY_FINGERPRINT_MISMATCH");
    assertThat(d.get("existingRunId").asText()).isEqualTo(first.body().get("runId").asText());
    assertThat(d.get("existingSourceKind").asText()).isEqualTo("rerun");
    assertThat(d.get("existingLabels").get("arco.rerun.kind").asText()).isEqualTo("FROM_FAILURE");
    assertThat(d.get("requestedLabels").get("arco.rerun.kind").asText()).isEqualTo("SUBSET");
  }

  @Test
  void fromFailureRejectsASucceededParent() {
    deploy(chainManifest());
    String runId = startRun(trigger("analytics.a"));
    worker.drainSucceeding();

    TestServer.Resp r = rerun(runId, Map.of("mode", "fromFailure"));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.code()).isEqualTo("CONFLICT");
    assertThat(r.message()).isEqualTo("rerun-from-failure requires a FAILED parent run");
    assertThat(rerun("01NOPE", Map.of("mode", "fromFailure")).message()).isEqualTo("run not found: 01NOPE");
  }

  @Test
  void triggerRejectsReservedLineageLabels() {
    deploy(chainManifest());
    Map<String, Object> t = trigger("analytics.a");
    t.put("labels", Map.of("arco.rerun.kind", "SUBSET", "arco.parent_run_id", "x"));

    TestServer.Resp r = server.post(runs(), t);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).isEqualTo("labels cannot include reserved keys: arco.parent_run_id, arco.rerun.kind");
    String parent = failedChainRun();
    TestServer.Resp viaRerun = rerun(parent, Map.of("mode", "fromFailure", "labels", Map.of("arco.parent_run_id", "y")));
    assertThat(viaRerun.message()).isEqualTo("labels cannot include reserved keys: arco.parent_run_id");
  }

  @Test
  void retryAttributionNamesThePriorAttemptsError() {
    deploy(manifest(asset("analytics.a")));
    String runId = startRun(trigger("analytics.a"));
    JsonNode first = worker.pollOne();
    worker.fail(first, "INFRASTRUCTURE", true);
    server.advance(Duration.ofSeconds(30));
    JsonNode second = worker.pollOne();
    worker.succeed(second);

    JsonNode attribution = task(run(runId), "analytics.a").get("retryAttribution");

    assertThat(attribution.get("retries").asInt()).isEqualTo(1);
    assertThat(attribution.get("reason").asText()).isEqualTo("prior_attempt_failed");
    assertThat(attribution.get("priorAttemptError").get("attempt").asInt()).isEqualTo(1);
    assertThat(attribution.get("priorAttemptError").get("category").asText()).isEqualTo("INFRASTRUCTURE");
    assertThat(attribution.get("priorAttemptError").get("message").asText()).isEqualTo("boom");
  }

  @Test
  void runKeyBackfillAnswersOverTheIndex() {
    deploy(chainManifest());
    Map<String, Object> t = trigger("analytics.a");
    t.put("runKey", "bk");
    TestServer.Resp created = server.post(runs(), t);

    TestServer.Resp same = server.post(runs() + "/run-key/backfill", t);
    Map<String, Object> other = trigger("analytics.b");
    other.put("runKey", "bk");
    TestServer.Resp different = server.post(runs() + "/run-key/backfill", other);
    Map<String, Object> missing = trigger("analytics.a");
    missing.put("runKey", "nope");
    TestServer.Resp unknown = server.post(runs() + "/run-key/backfill", missing);

    assertThat(same.status()).isEqualTo(200);
    assertThat(same.body().get("updated").asBoolean()).isFalse();
    assertThat(same.body().get("runId").asText()).isEqualTo(created.body().get("runId").asText());
    assertThat(same.body().get("requestFingerprint").asText()).matches("[0-9a-f]{64}");
    assertThat(different.status()).isEqualTo(409);
    assertThat(different.message()).isEqualTo("run_key 'bk' already reserved with different fingerprint");
    assertThat(different.body().has("details")).isFalse();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).isEqualTo("run_key reservation not found: nope");
  }

  /**
   * The run reads after a rebuild from the log alone ({@code arco rebuild}, {@link Engine#rebuild}:
   * snapshots and history rows dropped, every event folded from the first) are byte for byte the
   * reads before it. The rebuild's report proves the whole log was folded, so the reads cannot come
   * from the close-time snapshot the first server wrote at the head.
   */
  @Test
  void runReadsAreByteIdenticalAfterARebuildFromTheLog(@TempDir Path dir) {
    String before;
    String listBefore;
    String runId;
    EngineOptions options = EngineOptions.defaults().withTickInterval(Duration.ZERO).withSnapshotEvery(0);
    try (TestServer first = TestServer.start(SqliteEventStore.open(dir.resolve("a.db")), ServerConfig.defaults(), options)) {
      first.post(first.ws() + "/manifests", manifest(asset("analytics.a"), asset("analytics.b"), asset("analytics.c", "analytics.b", "analytics.a")));
      Map<String, Object> t = trigger("analytics.c");
      t.put("includeUpstream", true);
      runId = first.post(first.ws() + "/runs", t).body().get("runId").asText();
      Worker w = new Worker(first, "w");
      w.poll(2).forEach(e -> w.fail(e, "CONFIGURATION", false));
      before = first.get(first.ws() + "/runs/" + runId).raw();
      listBefore = first.get(first.ws() + "/runs").raw();
    }
    long head;
    RebuildReport report;
    try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("a.db"))) {
      head = store.head(WS);
      report = Engine.rebuild(store, WS);
    }
    assertThat(head).isGreaterThan(5);
    assertThat(report.eventsFolded()).as("events folded from the first").isEqualTo(head);
    assertThat(report.snapshotAt()).isEqualTo(head);
    assertThat(report.finishedRuns()).as("the failed run was rewritten to history").isEqualTo(1);
    assertThat(report.liveRuns()).isZero();
    try (TestServer rebuilt = TestServer.start(SqliteEventStore.open(dir.resolve("a.db")), ServerConfig.defaults(), options)) {
      assertThat(rebuilt.get(rebuilt.ws() + "/runs/" + runId).raw()).isEqualTo(before);
      assertThat(rebuilt.get(rebuilt.ws() + "/runs").raw()).isEqualTo(listBefore);
    }
  }
}
