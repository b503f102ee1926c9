package io.arco.api.worker;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.testing.CountingStore;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/tasks/reports}: several tasks' reports in one request, each answered as its
 * single route would answer it, all of one workspace committed together.
 */
class TaskReportsHttpTest {
  private final CountingStore store = new CountingStore();
  private final TestServer server = TestServer.start(store);
  private final Worker worker = new Worker(server, "w-1");

  @AfterEach
  void stop() {
    server.close();
  }

  private String runOf(String... keys) {
    List<Map<String, Object>> assets = new ArrayList<>();
    for (String key : keys) {
      assets.add(asset(key));
    }
    return server.deployAndTrigger(assets, keys);
  }


  private static Map<String, Object> report(String kind, JsonNode env) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("kind", kind);
    r.put("taskId", env.get("taskId").asText());
    r.put("taskToken", env.get("taskToken").asText());
    r.putAll(Worker.attemptBody(env));
    if (kind.equals("completed")) {
      r.put("outcome", "SUCCEEDED");
    }
    return r;
  }

  private TestServer.Resp send(List<Map<String, Object>> reports) {
    return server.post("/api/v1/tasks/reports", Map.of("reports", reports));
  }

  private JsonNode run(String runId) {
    return server.get(server.ws() + "/runs/" + runId).body();
  }

  @Test
  void reportsAreAppliedInOrderAndCommittedTogether() {
    String runId = runOf("s.a", "s.b", "s.c");
    List<JsonNode> envs = worker.poll(3);
    assertThat(envs).hasSize(3);
    List<Map<String, Object>> reports = new ArrayList<>();
    envs.forEach(e -> reports.add(report("started", e)));
    envs.forEach(e -> reports.add(report("completed", e)));
    long appendsBefore = store.appends();

    TestServer.Resp r = send(reports);

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(store.appends() - appendsBefore).as("one commit for the whole batch").isEqualTo(1);
    JsonNode results = r.body().get("results");
    assertThat(results).hasSize(6);
    for (int i = 0; i < 6; i++) {
      JsonNode res = results.get(i);
      assertThat(res.get("taskId").asText()).isEqualTo(envs.get(i % 3).get("taskId").asText());
      assertThat(res.get("kind").asText()).isEqualTo(i < 3 ? "started" : "completed");
      assertThat(res.get("status").asInt()).as(res.toString()).isEqualTo(200);
      assertThat(res.get("body").get("acknowledged").asBoolean()).isTrue();
    }
    assertThat(results.get(3).get("body").get("finalState").asText()).isEqualTo("SUCCEEDED");
    assertThat(run(runId).get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void eachReportIsAnsweredAsItsSingleRouteWouldAndARefusalLeavesTheOthersApplied() {
    String runId = runOf("s.a", "s.b");
    List<JsonNode> envs = worker.poll(2);
    JsonNode a = envs.get(0);
    JsonNode b = envs.get(1);
    Map<String, Object> badToken = report("started", b);
    badToken.put("taskToken", "not-a-token");
    Map<String, Object> wrongAttempt = report("started", b);
    wrongAttempt.put("attempt", 2);
    Map<String, Object> noWorker = report("started", b);
    noWorker.remove("workerId");
    Map<String, Object> unknownKind = report("finished", b);
    Map<String, Object> otherTask = report("started", b);
    otherTask.put("taskId", a.get("taskId").asText());

    TestServer.Resp r =
        send(List.of(report("started", a), badToken, wrongAttempt, noWorker, unknownKind, otherTask, heartbeat(a)));

    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    JsonNode results = r.body().get("results");
    assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
    assertThat(results.get(1).get("status").asInt()).isEqualTo(401);
    assertThat(results.get(1).get("body").get("error").asText()).isEqualTo("invalid_token");
    assertThat(results.get(2).get("status").asInt()).isEqualTo(409);
    assertThat(results.get(2).get("body").get("error").asText()).isEqualTo("attempt_mismatch");
    assertThat(results.get(2).get("body").get("expectedAttempt").asInt()).isEqualTo(1);
    assertThat(results.get(3).get("status").asInt()).isEqualTo(422);
    assertThat(results.get(3).get("body").get("error").asText()).isEqualTo("invalid_argument");
    assertThat(results.get(4).get("status").asInt()).isEqualTo(422);
    assertThat(results.get(4).get("body").get("message").asText())
        .isEqualTo("invalid field 'kind': unknown value 'finished'");
    assertThat(results.get(5).get("status").asInt()).isEqualTo(401);
    assertThat(results.get(5).get("body").get("message").asText()).isEqualTo("task_id_mismatch");
    assertThat(results.get(6).get("status").asInt()).isEqualTo(200);
    assertThat(results.get(6).get("body").get("taskToken").asText()).isNotBlank();
    assertThat(results.get(6).get("body").get("shouldCancel").asBoolean()).isFalse();
    for (JsonNode res : results) {
      if (res.get("status").asInt() != 200) {
        assertThat(res.get("body").get("requestId").asText()).isNotBlank();
      }
    }
    JsonNode tasks = run(runId).get("tasks");
    assertThat(stateOf(tasks, a.get("taskKey").asText())).isEqualTo("RUNNING");
    assertThat(stateOf(tasks, b.get("taskKey").asText())).as("every report about b was refused").isEqualTo("QUEUED");
  }

  @Test
  void theSameReportsSentOneByOneAndInABatchGetTheSameAnswers() {
    runOf("s.a");
    JsonNode env = worker.pollOne();
    assertThat(worker.started(env).status()).isEqualTo(200);
    TestServer.Resp single = worker.started(env);

    TestServer.Resp batch = send(List.of(report("started", env)));

    JsonNode res = batch.body().get("results").get(0);
    assertThat(res.get("status").asInt()).isEqualTo(single.status());
    assertThat(res.get("body").get("error")).isEqualTo(single.body().get("error"));
    assertThat(res.get("body").get("message")).isEqualTo(single.body().get("message"));
  }

  @Test
  void aBodyThatIsNotAListOfOneToOneHundredReportsIsRefusedWholeAndWritesNothing() {
    runOf("s.a");
    JsonNode env = worker.pollOne();
    long appendsBefore = store.appends();
    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(report("started", env));
    }

    TestServer.Resp empty = send(List.of());
    TestServer.Resp over = send(tooMany);
    TestServer.Resp missing = server.post("/api/v1/tasks/reports", Map.of());
    TestServer.Resp notObjects = server.post("/api/v1/tasks/reports", Map.of("reports", List.of(1, 2)));

    for (TestServer.Resp r : List.of(empty, over)) {
      assertThat(r.status()).as(r.raw()).isEqualTo(400);
      assertThat(r.body().get("error").asText()).isEqualTo("invalid_argument");
      assertThat(r.body().get("message").asText()).isEqualTo("reports must hold between 1 and 100 reports");
    }
    for (TestServer.Resp r : List.of(missing, notObjects)) {
      assertThat(r.status()).as(r.raw()).isEqualTo(422);
      assertThat(r.body().get("error").asText()).isEqualTo("invalid_argument");
    }
    assertThat(store.appends()).isEqualTo(appendsBefore);
  }

  @Test
  void aPollSensorEvaluationIsNotReportedInABatch() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("kind", "completed");
    r.put("taskId", "cs1_anything");
    r.put("taskToken", "t");

    TestServer.Resp resp = send(List.of(r));

    JsonNode res = resp.body().get("results").get(0);
    assertThat(res.get("status").asInt()).isEqualTo(400);
    assertThat(res.get("body").get("message").asText())
        .isEqualTo("a poll-sensor evaluation reports on its own /completed route");
  }

  private static Map<String, Object> heartbeat(JsonNode env) {
    return report("heartbeat", env);
  }

  private static String stateOf(JsonNode tasks, String key) {
    for (JsonNode t : tasks) {
      if (t.get("taskKey").asText().equals(key)) {
        return t.get("state").asText();
      }
    }
    throw new AssertionError("no task " + key);
  }
}
