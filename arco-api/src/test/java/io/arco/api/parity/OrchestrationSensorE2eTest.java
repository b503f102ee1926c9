package io.arco.api.parity;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Sensors end to end over HTTP under the manual clock: push sensors with message dedupe and dry
 * runs, poll sensors leased to a worker on queue {@code sensors} with their cursor, the minimum
 * interval, compare-and-set and pause/resume, and the evaluation history with its filters.
 */
class OrchestrationSensorE2eTest {
  // TestServer's manual clock starts at 2026-01-01T00:00:00Z.
  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "sensor-worker");

  @AfterEach
  void stop() {
    server.close();
  }

  private String sensors() {
    return server.ws() + "/sensors";
  }

  private void deploy() {
    Map<String, Object> m = manifest(asset("files.raw"), asset("files.clean", "files.raw"));
    m.put(
        "sensors",
        List.of(
            Map.of("id", "inbox", "kind", "push", "assets", List.of("files.raw", "files.clean")),
            Map.of("id", "bucket", "kind", "poll", "assets", List.of("files.raw"), "minIntervalSeconds", 60)));
    assertThat(server.post(server.ws() + "/manifests", m).status()).isEqualTo(201);
  }

  private List<JsonNode> pollSensors() {
    TestServer.Resp r =
        server.post(
            server.ws() + "/workers/poll",
            Map.of("workerId", "sensor-worker", "queues", List.of("sensors"), "maxTasks", 5));
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.body().get("tasks").forEach(out::add);
    return out;
  }

  private TestServer.Resp completeSensor(JsonNode env, Map<String, Object> output) {
    Map<String, Object> body = Worker.attemptBody(env);
    body.put("outcome", "SUCCEEDED");
    body.put("output", output);
    return worker.callback(env, "completed", body);
  }

  private List<JsonNode> evals(String sensorId, String query) {
    List<JsonNode> out = new ArrayList<>();
    server.get(sensors() + "/" + sensorId + "/evals" + query).body().get("evals").forEach(out::add);
    return out;
  }

  @Test
  void pushSensorsTurnMessagesIntoRunsOnceAndDryRunsWriteNothing() {
    deploy();
    Map<String, Object> message =
        Map.of("payload", Map.of("file", "a.csv"), "attributes", Map.of("source", "s3"), "messageId", "msg-1");

    Map<String, Object> dry = new LinkedHashMap<>(message);
    dry.put("dryRun", true);
    JsonNode preview = server.post(sensors() + "/inbox/evaluate", dry).body();
    assertThat(preview.get("dryRun").asBoolean()).isTrue();
    assertThat(preview.get("eventsWritten").asInt()).isZero();
    assertThat(preview.get("runRequests").get(0).get("runKey").asText()).isEqualTo("sensor:inbox:msg:msg-1");
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).isEmpty();

    JsonNode first = server.post(sensors() + "/inbox/evaluate", message).body();
    assertThat(first.get("status").asText()).isEqualTo("triggered");
    assertThat(first.get("messageId").asText()).isEqualTo("msg-1");
    assertThat(first.get("eventsWritten").asInt()).isEqualTo(2);
    assertThat(first.has("deduplicated")).isFalse();
    JsonNode request = first.get("runRequests").get(0);
    assertThat(request.get("assetSelection")).extracting(JsonNode::asText).containsExactly("files.clean", "files.raw");
    String runId = request.get("runId").asText();
    JsonNode run = server.get(server.ws() + "/runs/" + runId).body();
    assertThat(run.get("runKey").asText()).isEqualTo("sensor:inbox:msg:msg-1");
    assertThat(run.get("tasks")).hasSize(2);

    JsonNode again = server.post(sensors() + "/inbox/evaluate", message).body();
    assertThat(again.get("deduplicated").asBoolean()).isTrue();
    assertThat(again.get("eventsWritten").asInt()).isZero();
    assertThat(again.get("evalId").asText()).isEqualTo(first.get("evalId").asText());
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).hasSize(1);

    // The Idempotency-Key is the message id when the body has none.
    JsonNode keyed =
        server.post(sensors() + "/inbox/evaluate", Map.of("payload", 1), Map.of("Idempotency-Key", "msg-2")).body();
    assertThat(keyed.get("messageId").asText()).isEqualTo("msg-2");
    // An undefined sensor is a no-op evaluator, and is then listed.
    JsonNode ghost = server.post(sensors() + "/ghost/evaluate", Map.of("payload", Map.of())).body();
    assertThat(ghost.get("status").asText()).isEqualTo("no_new_data");
    assertThat(ghost.get("messageId").asText()).startsWith("manual_");
    assertThat(ghost.get("eventsWritten").asInt()).isEqualTo(1);
    assertThat(ghost.has("runRequests")).isFalse();
    assertThat(server.get(sensors()).body().get("sensors")).extracting(s -> s.get("sensorId").asText())
        .containsExactly("bucket", "ghost", "inbox");

    JsonNode inbox = server.get(sensors() + "/inbox").body();
    assertThat(inbox.get("cursor").asText()).isEqualTo("msg-2");
    assertThat(inbox.get("stateVersion").asInt()).isEqualTo(2);
    assertThat(inbox.get("kind").asText()).isEqualTo("push");
  }

  @Test
  void pollSensorsAreEvaluatedByWorkersWithADurableCursor() {
    deploy();
    // A worker that does not poll queue sensors gets no sensor work.
    assertThat(worker.poll(5)).isEmpty();
    JsonNode lease = pollSensors().get(0);
    assertThat(lease.get("kind").asText()).isEqualTo("sensor");
    assertThat(lease.get("sensorId").asText()).isEqualTo("bucket");
    assertThat(lease.get("taskId").asText()).startsWith("cs1_");
    assertThat(lease.get("stateVersion").asInt()).isZero();
    assertThat(lease.has("cursor")).isFalse();
    // Only /completed applies to a sensor task.
    assertThat(worker.started(lease).status()).isEqualTo(404);

    TestServer.Resp done =
        completeSensor(lease, Map.of("cursor", "obj-17", "runRequests", List.of(Map.of(), Map.of("runKey", "bucket-obj-17"))));
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body().get("evalStatus").asText()).isEqualTo("triggered");
    assertThat(done.body().get("runRequests").asInt()).isEqualTo(2);
    JsonNode sensor = server.get(sensors() + "/bucket").body();
    assertThat(sensor.get("cursor").asText()).isEqualTo("obj-17");
    assertThat(sensor.get("stateVersion").asInt()).isEqualTo(1);
    assertThat(sensor.get("nextEvaluationAt").asText()).isEqualTo("2026-01-01T00:01:00Z");
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).hasSize(2);
    // A redelivered completion changes nothing.
    assertThat(completeSensor(lease, Map.of("cursor", "obj-17")).body().get("duplicate").asBoolean()).isTrue();

    // The minimum interval holds; then the next lease carries the cursor.
    server.advance(Duration.ofSeconds(59));
    assertThat(pollSensors()).isEmpty();
    server.advance(Duration.ofSeconds(1));
    JsonNode next = pollSensors().get(0);
    assertThat(next.get("cursor").asText()).isEqualTo("obj-17");
    assertThat(next.get("stateVersion").asInt()).isEqualTo(1);
    assertThat(completeSensor(next, Map.of()).body().get("evalStatus").asText()).isEqualTo("no_new_data");
    assertThat(server.get(sensors() + "/bucket").body().get("cursor").asText()).isEqualTo("obj-17");

    // Paused: not leased; resumed: leased again.
    assertThat(server.post(sensors() + "/bucket/pause", Map.of()).body().get("status").asText()).isEqualTo("PAUSED");
    server.advance(Duration.ofMinutes(5));
    assertThat(pollSensors()).isEmpty();
    assertThat(server.post(sensors() + "/bucket/resume", Map.of()).body().get("status").asText()).isEqualTo("ACTIVE");
    assertThat(pollSensors()).hasSize(1);

    List<JsonNode> history = evals("bucket", "");
    assertThat(history).extracting(e -> e.get("status").get("status").asText()).containsExactly("no_new_data", "triggered");
    assertThat(history.get(1).get("runRequestsCount").asInt()).isEqualTo(2);
    assertThat(history.get(1).get("cursorAfter").asText()).isEqualTo("obj-17");
    assertThat(evals("bucket", "?status=TRIGGERED")).hasSize(1);
    assertThat(evals("bucket", "?until=2026-01-01T00:00:30Z")).hasSize(1);
    assertThat(evals("bucket", "?since=2026-01-01T00:01:00Z")).hasSize(1);
    JsonNode page = server.get(sensors() + "/bucket/evals?limit=1").body();
    assertThat(page.get("evals")).hasSize(1);
    JsonNode rest = server.get(sensors() + "/bucket/evals?limit=1&cursor=" + page.get("nextCursor").asText()).body();
    assertThat(rest.get("evals").get(0).get("status").get("status").asText()).isEqualTo("triggered");
    assertThat(rest.has("nextCursor")).isFalse();
  }

  @Test
  void aStaleOrInvalidSensorCompletionIsRecordedAndRequestsNothing() {
    deploy();
    JsonNode lease = pollSensors().get(0);
    // The lease expires unanswered and is handed out again; the late answer loses the CAS.
    server.advance(Duration.ofMinutes(5));
    JsonNode again = pollSensors().get(0);
    assertThat(again.get("attemptId").asText()).isNotEqualTo(lease.get("attemptId").asText());
    completeSensor(again, Map.of("cursor", "fresh"));
    TestServer.Resp late = completeSensor(lease, Map.of("cursor", "late", "runRequests", List.of(Map.of())));
    assertThat(late.status()).isEqualTo(200);
    assertThat(late.body().get("evalStatus").asText()).isEqualTo("skipped_stale_cursor");
    assertThat(server.get(sensors() + "/bucket").body().get("cursor").asText()).isEqualTo("fresh");
    assertThat(evals("bucket", "?status=SKIPPED_STALE_CURSOR")).hasSize(1);
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).isEmpty();

    // Output naming an unknown asset is an error evaluation: the sensor is in ERROR, the cursor kept.
    server.advance(Duration.ofMinutes(1));
    JsonNode third = pollSensors().get(0);
    TestServer.Resp bad = completeSensor(third, Map.of("cursor", "x", "runRequests", List.of(Map.of("assets", List.of("nope.nope")))));
    assertThat(bad.body().get("evalStatus").asText()).isEqualTo("error");
    JsonNode sensor = server.get(sensors() + "/bucket").body();
    assertThat(sensor.get("status").asText()).isEqualTo("ERROR");
    assertThat(sensor.get("cursor").asText()).isEqualTo("fresh");
    assertThat(evals("bucket", "?status=ERROR").get(0).get("status").get("message").asText())
        .isEqualTo("invalid sensor output: runRequests[0]: unknown asset keys: nope.nope");
    JsonNode warned = server.post(sensors() + "/bucket/evaluate", Map.of("payload", Map.of())).body();
    assertThat(warned.get("warning").asText()).isEqualTo("Sensor is in error but manual evaluate bypasses status");
  }

  @Test
  void badSensorRequestsAreRefusedAndWriteNothing() {
    deploy();
    assertThat(server.post(sensors() + "/inbox/evaluate", Map.of("attributes", Map.of())).status()).isEqualTo(422);
    assertThat(server.post(sensors() + "/inbox/evaluate", Map.of("payload", 1, "attributes", Map.of("a", 1))).status()).isEqualTo(422);
    assertThat(server.post(sensors() + "/inbox/evaluate", Map.of("payload", 1, "messageId", "")).status()).isEqualTo(400);
    assertThat(server.get(sensors() + "/inbox/evals?status=BOGUS").status()).isEqualTo(400);
    assertThat(server.get(sensors() + "/inbox/evals?since=yesterday").status()).isEqualTo(400);
    assertThat(server.get(sensors() + "/inbox/evals?cursor=not-a-cursor").status()).isEqualTo(400);
    TestServer.Resp missing = server.get(sensors() + "/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.message()).isEqualTo("sensor not found: nope");
    assertThat(server.post(sensors() + "/nope/pause", Map.of()).status()).isEqualTo(404);
    assertThat(server.get(server.ws() + "/sensors/inbox/evals").body().get("evals")).isEmpty();
    assertThat(server.get("/api/v1/workspaces/other/sensors").status()).isEqualTo(404);
    int evals = server.engine().read(new io.arco.flow.model.Scope("t1", "w1"), s -> s.sensorEvals().size());
    int states = server.engine().read(new io.arco.flow.model.Scope("t1", "w1"), s -> s.sensorStates().size());
    assertThat(evals).isZero();
    assertThat(states).isZero();
  }
}
