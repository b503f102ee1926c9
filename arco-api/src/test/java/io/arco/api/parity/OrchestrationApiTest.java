package io.arco.api.parity;

import static io.arco.api.testing.ApiAssertions.assertBadRequest;
import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.ApiAssertions.assertInvalidField;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.api.testing.Worker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run read and control surface over HTTP (api-contract §3.2, §3.3, §3.5–3.7, §4.1, §4.2;
 * decisions §1, §6.10): list ordering, paging and the public-state filter; the run response; cancel;
 * run log upload and paged reads.
 */
class OrchestrationApiTest {
  private static final String TEXT = "=== stdout ===\nout\n=== stderr ===\nerr\n";
  private TestServer server;
  private Worker worker;

  @BeforeEach
  void start() {
    server = TestServer.start();
    worker = new Worker(server, "w");
    Resp deployed =
        server.post(
            server.ws() + "/manifests",
            manifest(
                asset("analytics.a"),
                asset("analytics.b", "analytics.a"),
                asset("analytics.c", "analytics.b")));
    assertStatus(deployed, 201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private String runs() {
    return server.ws() + "/runs";
  }

  private String triggerRun(String... selection) {
    Resp r = server.post(runs(), trigger(selection));
    assertStatus(r, 201);
    return r.body().get("runId").asText();
  }

  private String triggerChain() {
    Map<String, Object> body = trigger("analytics.a");
    body.put("includeDownstream", true);
    Resp r = server.post(runs(), body);
    assertStatus(r, 201);
    return r.body().get("runId").asText();
  }

  private JsonNode getRun(String runId) {
    Resp r = server.get(runs() + "/" + runId);
    assertStatus(r, 200);
    return r.body();
  }

  private Resp list(String query) {
    return server.get(runs() + (query.isEmpty() ? "" : "?" + query));
  }

  private static List<String> ids(Resp page) {
    assertStatus(page, 200);
    List<String> out = new ArrayList<>();
    page.body().get("runs").forEach(r -> out.add(r.get("runId").asText()));
    return out;
  }

  private static String cursorOf(Resp page) {
    return page.body().get("nextCursor").asText();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Claims the only claimable task and starts it. */
  private JsonNode claimAndStart() {
    JsonNode env = worker.pollOne();
    assertStatus(worker.started(env), 200);
    return env;
  }

  private Resp cancel(String runId) {
    return server.post(runs() + "/" + runId + "/cancel", Map.of());
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  // ---- list ------------------------------------------------------------------------------------

  @Test
  void listIsNewestFirstThenByRunId() {
    String first = triggerRun("analytics.a");
    server.advance(Duration.ofSeconds(1));
    String second = triggerRun("analytics.a");
    String third = triggerRun("analytics.a");
    server.advance(Duration.ofMillis(1));
    String fourth = triggerRun("analytics.a");
    assertThat(second.compareTo(third)).isNegative();
    assertThat(ids(list(""))).containsExactly(fourth, second, third, first);
    assertThat(list("").body().has("nextCursor")).isFalse();
  }

  @Test
  void defaultLimitIsTwentyAndTheCursorResumes() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      created.add(0, triggerRun("analytics.a"));
      server.advance(Duration.ofMillis(10));
    }
    Resp page1 = list("");
    assertThat(ids(page1)).containsExactlyElementsOf(created.subList(0, 20));
    assertThat(page1.body().has("nextCursor")).isTrue();
    Resp page2 = list("cursor=" + cursorOf(page1));
    assertThat(ids(page2)).containsExactly(created.get(20));
    assertThat(page2.body().has("nextCursor")).isFalse();
  }

  @Test
  void limitOutsideOneToTwoHundredIsRejected() {
    assertBadRequest(list("limit=0"), "limit must be between 1 and 200");
    assertBadRequest(list("limit=201"), "limit must be between 1 and 200");
    assertBadRequest(list("limit=4294967295"), "limit must be between 1 and 200");
    assertStatus(list("limit=1"), 200);
    assertStatus(list("limit=200"), 200);
  }

  @Test
  void limitThatIsNotAnUnsignedIntegerIsABadQueryParameter() {
    for (String limit : List.of("-1", "-0", "4294967296", "", "ten", "1.5")) {
      assertBadRequest(list("limit=" + limit), "invalid query parameter 'limit'");
      assertBadRequest(logs("r1", "limit=" + limit), "invalid query parameter 'limit'");
    }
  }

  @Test
  void nextCursorAppearsOnlyWhenMoreRunsRemain() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(0, triggerRun("analytics.a"));
      server.advance(Duration.ofSeconds(1));
    }
    assertThat(list("limit=5").body().has("nextCursor")).isFalse();
    assertThat(list("limit=6").body().has("nextCursor")).isFalse();
    Resp page1 = list("limit=2");
    assertThat(ids(page1)).containsExactlyElementsOf(created.subList(0, 2));
    Resp page2 = list("limit=2&cursor=" + cursorOf(page1));
    assertThat(ids(page2)).containsExactlyElementsOf(created.subList(2, 4));
    Resp page3 = list("limit=2&cursor=" + cursorOf(page2));
    assertThat(ids(page3)).containsExactly(created.get(4));
    assertThat(page3.body().has("nextCursor")).isFalse();
  }

  @Test
  void cursorIsTheSnakeCaseTupleOfTheLastRun() throws Exception {
    triggerRun("analytics.a");
    server.advance(Duration.ofMillis(1500));
    String newest = triggerRun("analytics.a");
    Resp page = list("limit=1");
    JsonNode cursor =
        Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursorOf(page)));
    assertThat(fieldNames(cursor)).containsExactlyInAnyOrder("triggered_at", "run_id");
    assertThat(cursor.get("run_id").asText()).isEqualTo(newest);
    assertThat(Instant.parse(cursor.get("triggered_at").asText()))
        .isEqualTo(TestServer.START.plusMillis(1500));
    assertThat(cursorOf(page)).doesNotContain("=");
  }

  @Test
  void cursorResumesWhereItsTupleWouldSortEvenWithoutSuchARun() {
    String oldest = triggerRun("analytics.a");
    server.advance(Duration.ofSeconds(10));
    String middle1 = triggerRun("analytics.a");
    String middle2 = triggerRun("analytics.a");
    server.advance(Duration.ofSeconds(10));
    triggerRun("analytics.a");
    String between = TestServer.START.plusSeconds(15).toString();
    assertThat(ids(list("cursor=" + b64("{\"triggered_at\":\"" + between + "\",\"run_id\":\"x\"}"))))
        .containsExactly(middle1, middle2, oldest);
    String atMiddle = TestServer.START.plusSeconds(10).toString();
    assertThat(ids(list("cursor=" + b64("{\"triggered_at\":\"" + atMiddle + "\",\"run_id\":\"" + middle1 + "\"}"))))
        .containsExactly(middle2, oldest);
    assertThat(ids(list("cursor=" + b64("{\"triggered_at\":\"" + atMiddle + "\",\"run_id\":\"\"}"))))
        .containsExactly(middle1, middle2, oldest);
  }

  @Test
  void numericCursorIsALegacyOffset() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(0, triggerRun("analytics.a"));
      server.advance(Duration.ofSeconds(1));
    }
    Resp page = list("cursor=2&limit=2");
    assertThat(ids(page)).containsExactlyElementsOf(created.subList(2, 4));
    assertThat(ids(list("cursor=" + cursorOf(page)))).containsExactly(created.get(4));
    assertThat(ids(list("cursor=0&limit=1"))).containsExactly(created.get(0));
    assertThat(ids(list("cursor=9"))).isEmpty();
  }

  @Test
  void garbageCursorIsInvalid() {
    triggerRun("analytics.a");
    for (String cursor :
        List.of(
            "!!!",
            "not-a-cursor",
            b64("not json"),
            b64("{}"),
            b64("[1,2]"),
            b64("{\"keys\":[\"a\"]}"),
            b64("{\"triggered_at\":\"yesterday\",\"run_id\":\"r\"}"),
            b64("{\"triggered_at\":\"2026-01-01T00:00:00Z\"}"),
            b64("{\"triggered_at\":5,\"run_id\":\"r\"}"))) {
      assertBadRequest(list("cursor=" + q(cursor)), "invalid cursor");
    }
  }

  @Test
  void stateFilterUsesThePublicState() {
    String succeeded = triggerRun("analytics.a");
    JsonNode env = claimAndStart();
    assertStatus(worker.succeed(env), 200);

    String publishing = triggerRun("analytics.a");
    env = claimAndStart();
    Map<String, Object> body = Worker.attemptBody(env);
    body.put("outcome", "SUCCEEDED");
    body.put("output", Map.of("outputVisibilityState", "PENDING"));
    assertStatus(worker.callback(env, "completed", body), 200);

    String failed = triggerRun("analytics.a");
    env = claimAndStart();
    assertStatus(worker.fail(env, "CONFIGURATION", false), 200);

    String cancelling = triggerRun("analytics.a");
    claimAndStart();
    assertStatus(cancel(cancelling), 200);

    String cancelled = triggerRun("analytics.a");
    assertStatus(cancel(cancelled), 200);

    String running = triggerRun("analytics.a");

    assertThat(getRun(publishing).get("state").asText()).isEqualTo("RUNNING");
    assertThat(ids(list("state=RUNNING"))).containsExactlyInAnyOrder(publishing, running);
    assertThat(ids(list("state=SUCCEEDED"))).containsExactly(succeeded);
    assertThat(ids(list("state=FAILED"))).containsExactly(failed);
    assertThat(ids(list("state=CANCELLING"))).containsExactly(cancelling);
    assertThat(ids(list("state=CANCELLED"))).containsExactly(cancelled);
    assertThat(ids(list("state=PENDING"))).isEmpty();
    assertThat(ids(list("state=TIMED_OUT"))).isEmpty();
    assertThat(ids(list("state=RUNNING&limit=1"))).hasSize(1);
    assertThat(list("state=RUNNING&limit=2").body().has("nextCursor")).isFalse();
    assertThat(list("state=RUNNING&limit=1").body().has("nextCursor")).isTrue();
  }

  @Test
  void anUnknownOrLowercaseStateFilterIsABadQueryParameter() {
    assertBadRequest(list("state=running"), "invalid query parameter 'state'");
    assertBadRequest(list("state=DONE"), "invalid query parameter 'state'");
  }

  @Test
  void listItemsCarryTheContractFields() {
    String done = triggerRun("analytics.a");
    JsonNode env = claimAndStart();
    server.advance(Duration.ofSeconds(3));
    assertStatus(worker.succeed(env), 200);
    String open = triggerChain();

    JsonNode items = list("").body().get("runs");
    JsonNode openItem = items.get(0);
    assertThat(openItem.get("runId").asText()).isEqualTo(open);
    assertThat(fieldNames(openItem))
        .containsExactly("runId", "state", "createdAt", "taskCount", "tasksSucceeded", "tasksFailed");
    assertThat(openItem.get("state").asText()).isEqualTo("RUNNING");
    assertThat(openItem.get("taskCount").asInt()).isEqualTo(3);
    assertThat(openItem.get("tasksSucceeded").asInt()).isZero();
    assertThat(openItem.get("tasksFailed").asInt()).isZero();

    JsonNode doneItem = items.get(1);
    assertThat(doneItem.get("runId").asText()).isEqualTo(done);
    assertThat(fieldNames(doneItem))
        .containsExactly(
            "runId", "state", "createdAt", "completedAt", "taskCount", "tasksSucceeded", "tasksFailed");
    assertThat(doneItem.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(doneItem.get("createdAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(doneItem.get("completedAt").asText()).isEqualTo("2026-01-01T00:00:03Z");
    assertThat(doneItem.get("taskCount").asInt()).isEqualTo(1);
    assertThat(doneItem.get("tasksSucceeded").asInt()).isEqualTo(1);
  }

  // ---- get -------------------------------------------------------------------------------------

  @Test
  void unknownRunIsNotFound() {
    assertError(server.get(runs() + "/01HNOSUCHRUN"), 404, "NOT_FOUND", "run not found: 01HNOSUCHRUN");
  }

  @Test
  void runResponseCarriesEveryField() {
    Map<String, Object> body = trigger("analytics.c", "analytics.b", "analytics.a");
    body.put("labels", Map.of("team", "data", "env", "prod"));
    body.put("runKey", "nightly-1");
    Resp created = server.post(runs(), body);
    assertStatus(created, 201);
    String runId = created.body().get("runId").asText();

    JsonNode run = getRun(runId);
    assertThat(fieldNames(run))
        .containsExactly(
            "runId", "workspaceId", "planId", "state", "createdAt", "tasks", "taskCounts", "labels",
            "runKey", "codeVersion");
    assertThat(run.get("runId").asText()).isEqualTo(runId);
    assertThat(run.get("workspaceId").asText()).isEqualTo("w1");
    assertThat(run.get("planId")).isEqualTo(created.body().get("planId"));
    assertThat(run.get("state").asText()).isEqualTo("RUNNING");
    assertThat(run.get("createdAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(run.get("labels").toString()).isEqualTo("{\"env\":\"prod\",\"team\":\"data\"}");
    assertThat(run.get("runKey").asText()).isEqualTo("nightly-1");
    assertThat(run.get("codeVersion").asText()).isEqualTo("code-1");
    assertThat(run.get("taskCounts").toString())
        .isEqualTo(
            "{\"total\":3,\"pending\":2,\"queued\":1,\"running\":0,\"succeeded\":0,\"failed\":0,"
                + "\"skipped\":0,\"cancelled\":0}");
    List<String> keys = new ArrayList<>();
    run.get("tasks").forEach(t -> keys.add(t.get("taskKey").asText()));
    assertThat(keys).containsExactly("analytics.a", "analytics.b", "analytics.c");
    JsonNode a = run.get("tasks").get(0);
    assertThat(fieldNames(a)).containsExactly("taskKey", "assetKey", "state", "attempt");
    assertThat(a.get("assetKey").asText()).isEqualTo("analytics.a");
    assertThat(a.get("state").asText()).isEqualTo("QUEUED");
    assertThat(a.get("attempt").asInt()).isZero();

    server.advance(Duration.ofSeconds(2));
    claimAndStart();
    run = getRun(runId);
    assertThat(run.get("startedAt").asText()).isEqualTo("2026-01-01T00:00:02Z");
    assertThat(run.has("completedAt")).isFalse();
    a = run.get("tasks").get(0);
    assertThat(a.get("state").asText()).isEqualTo("RUNNING");
    assertThat(a.get("attempt").asInt()).isEqualTo(1);
    assertThat(a.get("startedAt").asText()).isEqualTo("2026-01-01T00:00:02Z");
    assertThat(run.get("taskCounts").get("running").asInt()).isEqualTo(1);
    assertThat(run.get("taskCounts").get("queued").asInt()).isZero();
  }

  @Test
  void runOfAnotherWorkspaceIsNotFound() {
    String runId = triggerRun("analytics.a");
    Resp r =
        server.send(
            "GET",
            "/api/v1/workspaces/w2/runs/" + runId,
            null,
            Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w2"));
    assertError(r, 404, "NOT_FOUND", "run not found: " + runId);
    Resp otherTenant =
        server.send(
            "GET", runs() + "/" + runId, null, Map.of("X-Tenant-Id", "t2", "X-Workspace-Id", "w1"));
    assertError(otherTenant, 404, "NOT_FOUND", "run not found: " + runId);
  }

  @Test
  void labelsArePresentEvenWhenEmpty() {
    JsonNode run = getRun(triggerRun("analytics.a"));
    assertThat(run.get("labels").isObject()).isTrue();
    assertThat(run.get("labels")).isEmpty();
  }

  @Test
  void completedRunShowsCompletionAndCounts() {
    String runId = triggerChain();
    for (int i = 0; i < 3; i++) {
      JsonNode env = claimAndStart();
      server.advance(Duration.ofSeconds(1));
      assertStatus(worker.succeed(env), 200);
    }
    JsonNode run = getRun(runId);
    assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.get("completedAt").asText()).isEqualTo("2026-01-01T00:00:03Z");
    assertThat(run.get("taskCounts").get("succeeded").asInt()).isEqualTo(3);
    run.get("tasks").forEach(t -> assertThat(t.has("completedAt")).isTrue());
  }

  @Test
  void replayedTriggerAnswersTheRunsCurrentState() {
    Map<String, Object> body = trigger("analytics.a");
    body.put("runKey", "replay-me");
    Resp first = server.post(runs(), body);
    assertThat(first.body().get("state").asText()).isEqualTo("PENDING");
    JsonNode env = claimAndStart();
    assertStatus(worker.succeed(env), 200);
    server.advance(Duration.ofSeconds(5));
    Resp replay = server.post(runs(), body);
    assertStatus(replay, 200);
    assertThat(replay.body().get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(replay.body().get("created").asBoolean()).isFalse();
    assertThat(replay.body().get("createdAt")).isEqualTo(first.body().get("createdAt"));
  }

  // ---- cancel ----------------------------------------------------------------------------------

  @Test
  void cancelOfAMissingRunIsNotFound() {
    assertError(cancel("01HNOSUCHRUN"), 404, "NOT_FOUND", "run not found: 01HNOSUCHRUN");
  }

  @Test
  void cancelAnswersCancellingThenCancelledOnceTasksEnd() {
    String runId = triggerChain();
    JsonNode a = claimAndStart();
    server.advance(Duration.ofSeconds(7));
    Resp r = cancel(runId);
    assertStatus(r, 200);
    assertThat(fieldNames(r.body())).containsExactlyInAnyOrder("runId", "state", "cancelledAt");
    assertThat(r.body().get("runId").asText()).isEqualTo(runId);
    assertThat(r.body().get("state").asText()).isEqualTo("CANCELLING");
    assertThat(r.body().get("cancelledAt").asText()).isEqualTo("2026-01-01T00:00:07Z");
    assertThat(getRun(runId).get("state").asText()).isEqualTo("CANCELLING");

    server.advance(Duration.ofSeconds(1));
    Resp again = server.post(runs() + "/" + runId + "/cancel", Map.of("reason", "still want it gone"));
    assertStatus(again, 200);
    assertThat(again.body().get("state").asText()).isEqualTo("CANCELLING");
    assertThat(again.body().get("cancelledAt").asText()).isEqualTo("2026-01-01T00:00:08Z");

    assertStatus(worker.succeed(a), 200);
    JsonNode run = getRun(runId);
    assertThat(run.get("state").asText()).isEqualTo("CANCELLED");
    assertThat(run.get("tasks").get(0).get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.get("tasks").get(1).get("state").asText()).isEqualTo("CANCELLED");
    assertThat(run.get("tasks").get(2).get("state").asText()).isEqualTo("CANCELLED");

    Resp after = cancel(runId);
    assertStatus(after, 200);
    assertThat(after.body().get("state").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void cancelOfARunWithNoRunningTaskEndsItAtOnce() {
    String runId = triggerChain();
    Resp r = cancel(runId);
    assertStatus(r, 200);
    assertThat(r.body().get("state").asText()).isEqualTo("CANCELLED");
    assertThat(getRun(runId).get("taskCounts").get("cancelled").asInt()).isEqualTo(3);
    assertThat(worker.poll(10)).isEmpty();
  }

  @Test
  void cancelOfASucceededRunConflictsWithTheScreamingState() {
    String runId = triggerRun("analytics.a");
    assertStatus(worker.succeed(claimAndStart()), 200);
    assertError(
        cancel(runId), 409, "CONFLICT", "run " + runId + " is already in terminal state SUCCEEDED");
  }

  @Test
  void cancelOfAFailedRunConflicts() {
    String runId = triggerRun("analytics.a");
    assertStatus(worker.fail(claimAndStart(), "DATA_QUALITY", false), 200);
    assertError(cancel(runId), 409, "CONFLICT", "run " + runId + " is already in terminal state FAILED");
  }

  @Test
  void cancelRequiresAJsonBody() {
    String runId = triggerRun("analytics.a");
    Map<String, String> dev = Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w1");
    assertError(
        server.send("POST", runs() + "/" + runId + "/cancel", null, dev),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type must be application/json");
    Map<String, String> json = new LinkedHashMap<>(dev);
    json.put("Content-Type", "application/json");
    assertBadRequest(
        server.send("POST", runs() + "/" + runId + "/cancel", "", json), "malformed JSON body");
    assertInvalidField(
        server.post(runs() + "/" + runId + "/cancel", Map.of("reason", List.of())),
        "reason",
        "expected a string");
    assertThat(getRun(runId).get("state").asText()).isEqualTo("RUNNING");
    assertStatus(server.post(runs() + "/" + runId + "/cancel", Map.of("reason", "no longer needed")), 200);
  }

  // ---- logs ------------------------------------------------------------------------------------

  private Resp upload(String runId, Object body) {
    return server.post(runs() + "/" + runId + "/logs", body);
  }

  private Resp upload(String runId, String taskKey, int attempt, String stdout, String stderr) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("taskKey", taskKey);
    b.put("attempt", attempt);
    b.put("stdout", stdout);
    b.put("stderr", stderr);
    return upload(runId, b);
  }

  private Resp logs(String runId, String query) {
    return server.get(runs() + "/" + runId + "/logs" + (query.isEmpty() ? "" : "?" + query));
  }

  @Test
  void logUploadAnswersPathAndSizeAndNeedsNoRun() {
    Resp r = upload("01HNORUN", "analytics.a", 1, "out", "err");
    assertStatus(r, 200);
    assertThat(fieldNames(r.body())).containsExactlyInAnyOrder("path", "sizeBytes");
    assertThat(r.body().get("path").asText()).isEqualTo("logs/01HNORUN/analytics.a/attempt-1.log");
    assertThat(r.body().get("sizeBytes").asLong())
        .isEqualTo(TEXT.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void logUploadDefaultsMissingStreamsToEmpty() {
    assertStatus(upload("r1", Map.of("taskKey", "analytics.a", "attempt", 1)), 200);
    Resp read = logs("r1", "");
    assertThat(read.raw())
        .isEqualTo(
            "--- logs/r1/analytics.a/attempt-1.log ---\n=== stdout ===\n\n=== stderr ===\n\n");
  }

  @Test
  void logUploadValidatesAttemptThenTaskKeyThenSize() {
    assertBadRequest(upload("r1", "Bad Key", 0, "", ""), "attempt must be >= 1");
    assertBadRequest(upload("r1", "analytics.a", 0, "", ""), "attempt must be >= 1");
    for (String key : List.of("", "Analytics.a", "analytics", "analytics.a/../b", "analytics a", "analytics.a@")) {
      assertBadRequest(upload("r1", key, 1, "", ""), "invalid task_key");
    }
    String mebi = "é".repeat(1024 * 1024);
    assertBadRequest(upload("r1", "analytics.a", 1, mebi, "x"), "logs exceed 2097152 bytes");
    assertBadRequest(upload("r1", "analytics.a", 1, mebi.substring(1), "ééé"), "logs exceed 2097152 bytes");
    assertStatus(upload("r1", "analytics.a", 1, mebi, ""), 200);
    assertStatus(upload("r1", "analytics.users.daily", 1, "", ""), 200);
    assertStatus(upload("r1", "analytics.a@date=d:2025-01-15", 1, "", ""), 200);
  }

  @Test
  void logUploadFieldsAreTyped() {
    assertInvalidField(upload("r1", Map.of("attempt", 1)), "taskKey", "missing field");
    assertInvalidField(upload("r1", Map.of("taskKey", "analytics.a")), "attempt", "missing field");
    assertInvalidField(
        upload("r1", Map.of("taskKey", "analytics.a", "attempt", -1)),
        "attempt",
        "expected an unsigned 32-bit integer");
    assertInvalidField(
        upload("r1", Map.of("taskKey", "analytics.a", "attempt", "1")), "attempt", "expected an integer");
    assertInvalidField(
        upload("r1", Map.of("taskKey", "analytics.a", "attempt", 1, "stdout", 5)),
        "stdout",
        "expected a string");
  }

  @Test
  void secondUploadForTheSameAttemptConflicts() {
    assertStatus(upload("r1", "analytics.a", 1, "out", "err"), 200);
    assertError(
        upload("r1", "analytics.a", 1, "other", ""), 409, "CONFLICT", "logs already exist for task attempt");
    assertStatus(upload("r1", "analytics.a", 2, "other", ""), 200);
    assertStatus(upload("r2", "analytics.a", 1, "other", ""), 200);
    assertThat(logs("r1", "taskKey=analytics.a&limit=1").raw()).contains("\nout\n");
  }

  @Test
  void logsAreConcatenatedAsPlainText() {
    assertStatus(upload("r1", "analytics.b", 1, "b-out", "b-err"), 200);
    assertStatus(upload("r1", "analytics.a", 1, "out", "err"), 200);
    assertStatus(upload("r1", "analytics.a", 2, "line1\nline2", ""), 200);
    Resp r = logs("r1", "");
    assertStatus(r, 200);
    assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    assertThat(r.headers().firstValue("x-arco-next-cursor")).isEmpty();
    assertThat(r.raw())
        .isEqualTo(
            "--- logs/r1/analytics.a/attempt-1.log ---\n"
                + TEXT
                + "--- logs/r1/analytics.a/attempt-2.log ---\n"
                + "=== stdout ===\nline1\nline2\n=== stderr ===\n\n"
                + "--- logs/r1/analytics.b/attempt-1.log ---\n"
                + "=== stdout ===\nb-out\n=== stderr ===\nb-err\n");
  }

  @Test
  void logPagesFollowTheNextCursorHeader() throws Exception {
    assertStatus(upload("r1", "analytics.a", 1, "a1", ""), 200);
    assertStatus(upload("r1", "analytics.a", 2, "a2", ""), 200);
    assertStatus(upload("r1", "analytics.b", 1, "b1", ""), 200);

    Resp page1 = logs("r1", "limit=2");
    assertThat(page1.raw())
        .startsWith("--- logs/r1/analytics.a/attempt-1.log ---\n")
        .contains("--- logs/r1/analytics.a/attempt-2.log ---\n")
        .doesNotContain("analytics.b");
    String cursor = page1.headers().firstValue("x-arco-next-cursor").orElseThrow();
    JsonNode decoded = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
    assertThat(decoded.toString()).isEqualTo("{\"keys\":[\"logs/r1/analytics.a/attempt-2.log\"]}");

    Resp page2 = logs("r1", "limit=2&cursor=" + cursor);
    assertStatus(page2, 200);
    assertThat(page2.raw()).isEqualTo("--- logs/r1/analytics.b/attempt-1.log ---\n=== stdout ===\nb1\n=== stderr ===\n\n");
    assertThat(page2.headers().firstValue("x-arco-next-cursor")).isEmpty();

    Resp exact = logs("r1", "limit=3");
    assertThat(exact.headers().firstValue("x-arco-next-cursor")).isEmpty();

    String last = b64("{\"keys\":[\"logs/r1/analytics.b/attempt-1.log\"]}");
    Resp beyond = logs("r1", "cursor=" + last);
    assertStatus(beyond, 200);
    assertThat(beyond.raw()).isEmpty();
    assertThat(beyond.headers().firstValue("x-arco-next-cursor")).isEmpty();

    Resp legacy = logs("r1", "cursor=" + b64("{\"key\":\"logs/r1/analytics.a/attempt-1.log\"}"));
    assertThat(legacy.raw()).doesNotContain("attempt-1.log ---\n=== stdout ===\na1");
    assertThat(legacy.raw()).contains("analytics.a/attempt-2.log", "analytics.b/attempt-1.log");
  }

  @Test
  void logPagesHoldFiftyObjectsByDefault() {
    for (int attempt = 1; attempt <= 51; attempt++) {
      assertStatus(upload("r1", "analytics.a", attempt, "", ""), 200);
    }
    Resp page1 = logs("r1", "");
    assertThat(page1.raw().split("--- logs/", -1)).hasSize(51);
    String cursor = page1.headers().firstValue("x-arco-next-cursor").orElseThrow();
    Resp page2 = logs("r1", "cursor=" + cursor);
    assertThat(page2.raw().split("--- logs/", -1)).hasSize(2);
    assertThat(page2.headers().firstValue("x-arco-next-cursor")).isEmpty();
  }

  @Test
  void logPageStopsBeforeTheEightMebibyteBudget() throws Exception {
    String full = "x".repeat(2_097_152);
    for (int attempt = 1; attempt <= 4; attempt++) {
      assertStatus(upload("r1", "analytics.a", attempt, full, ""), 200);
    }
    Resp page1 = logs("r1", "");
    assertStatus(page1, 200);
    assertThat(page1.raw()).contains("attempt-3.log ---\n").doesNotContain("attempt-4.log");
    String cursor = page1.headers().firstValue("x-arco-next-cursor").orElseThrow();
    assertThat(Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor)).toString())
        .isEqualTo("{\"keys\":[\"logs/r1/analytics.a/attempt-3.log\"]}");
    Resp page2 = logs("r1", "cursor=" + cursor);
    assertThat(page2.raw()).startsWith("--- logs/r1/analytics.a/attempt-4.log ---\n");
    assertThat(page2.headers().firstValue("x-arco-next-cursor")).isEmpty();
  }

  @Test
  void taskKeyFiltersTheLogs() {
    assertStatus(upload("r1", "analytics.a", 1, "a1", ""), 200);
    assertStatus(upload("r1", "analytics.ab", 1, "ab1", ""), 200);
    assertStatus(upload("r1", "analytics.b", 1, "b1", ""), 200);
    Resp r = logs("r1", "taskKey=analytics.a");
    assertThat(r.raw()).isEqualTo("--- logs/r1/analytics.a/attempt-1.log ---\n=== stdout ===\na1\n=== stderr ===\n\n");
    assertBadRequest(logs("r1", "taskKey=Bad"), "invalid task_key");
    assertError(logs("r1", "taskKey=analytics.zz"), 404, "NOT_FOUND", "logs not found");
  }

  @Test
  void missingLogsAreNotFoundWithoutACursor() {
    assertStatus(upload("r1", "analytics.a", 1, "a1", ""), 200);
    assertError(logs("r2", ""), 404, "NOT_FOUND", "logs not found");
    assertError(logs("r", ""), 404, "NOT_FOUND", "logs not found");
  }

  @Test
  void logCursorsMustNameOnePathOfTheListing() {
    assertStatus(upload("r1", "analytics.a", 1, "a1", ""), 200);
    assertStatus(upload("r2", "analytics.a", 1, "a1", ""), 200);
    assertBadRequest(logs("r1", "cursor=5"), "invalid log cursor");
    assertBadRequest(logs("r1", "cursor=" + b64("{\"keys\":[\"a\",\"b\"]}")), "invalid log cursor");
    assertBadRequest(
        logs("r1", "cursor=" + b64("{\"keys\":[\"logs/r2/analytics.a/attempt-1.log\"]}")),
        "invalid log cursor");
    assertBadRequest(
        logs("r1", "taskKey=analytics.b&cursor=" + b64("{\"keys\":[\"logs/r1/analytics.a/attempt-1.log\"]}")),
        "invalid log cursor");
    assertBadRequest(logs("r1", "cursor=" + q("!!!")), "invalid cursor");
    assertBadRequest(logs("r1", "cursor=" + b64("nope")), "invalid cursor");
    assertBadRequest(logs("r1", "cursor=" + b64("{\"keys\":[]}")), "invalid cursor");
  }

  @Test
  void logLimitMustBeBetweenOneAndTwoHundred() {
    assertStatus(upload("r1", "analytics.a", 1, "a1", ""), 200);
    assertBadRequest(logs("r1", "limit=0"), "limit must be between 1 and 200");
    assertBadRequest(logs("r1", "limit=201"), "limit must be between 1 and 200");
    assertStatus(logs("r1", "limit=200"), 200);
  }
}
