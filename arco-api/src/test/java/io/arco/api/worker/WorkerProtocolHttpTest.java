package io.arco.api.worker;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import io.arco.flow.model.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives runs end to end over HTTP acting as a worker: poll → started → heartbeat → completed. */
class WorkerProtocolHttpTest {
  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "w-1");

  @AfterEach
  void stop() {
    server.close();
  }

  private String startRun(Map<String, Object> body) {
    TestServer.Resp r = server.post(server.ws() + "/runs", body);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().get("runId").asText();
  }

  private JsonNode run(String runId) {
    TestServer.Resp r = server.get(server.ws() + "/runs/" + runId);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body();
  }

  private static JsonNode task(JsonNode run, String key) {
    for (JsonNode t : run.get("tasks")) {
      if (t.get("taskKey").asText().equals(key)) {
        return t;
      }
    }
    throw new AssertionError("no task " + key + " in " + run);
  }

  @Test
  void aWorkerDrivesARunFromPollToSuccess() {
    server.post(
        server.ws() + "/manifests",
        manifest(
            with(asset("sales.raw"), "execution", Map.of("command", "echo raw")),
            asset("sales.daily", "sales.raw")));
    Map<String, Object> t = trigger("sales.daily");
    t.put("includeUpstream", true);
    String runId = startRun(t);

    JsonNode env = worker.pollOne();
    assertThat(env.get("taskKey").asText()).isEqualTo("sales.raw");
    assertThat(env.get("taskId").asText()).isEqualTo(Ids.callbackTaskId(runId, "sales.raw"));
    assertThat(env.get("tenantId").asText()).isEqualTo("t1");
    assertThat(env.get("workspaceId").asText()).isEqualTo("w1");
    assertThat(env.get("runId").asText()).isEqualTo(runId);
    assertThat(env.get("attempt").asInt()).isEqualTo(1);
    assertThat(env.get("attemptId").asText()).isEqualTo(Ids.attemptId(runId, "sales.raw", 1));
    assertThat(env.get("dispatchId").asText()).isEqualTo("dispatch:" + runId + ":sales.raw:1");
    assertThat(env.get("workerQueue").asText()).isEqualTo("default-queue");
    assertThat(env.get("callbackBaseUrl").asText()).isEqualTo(server.baseUrl());
    assertThat(env.get("heartbeatTimeoutSec").asInt()).isEqualTo(300);
    assertThat(Instant.parse(env.get("tokenExpiresAt").asText())).isEqualTo(TestServer.START.plusSeconds(3600));
    assertThat(env.get("payload").get("assetKey").asText()).isEqualTo("sales.raw");
    assertThat(env.get("payload").get("execution").get("command").asText()).isEqualTo("echo raw");
    assertThat(env.get("payload").get("manifestId").asText()).isNotBlank();
    assertThat(worker.poll(5)).as("downstream is blocked until raw succeeds").isEmpty();
    assertThat(task(run(runId), "sales.raw").get("state").asText()).isEqualTo("QUEUED");

    TestServer.Resp started = worker.started(env);
    assertThat(started.status()).isEqualTo(200);
    assertThat(started.body().get("acknowledged").asBoolean()).isTrue();
    assertThat(started.body().get("serverTime").asText()).isEqualTo(TestServer.START.toString());
    assertThat(task(run(runId), "sales.raw").get("state").asText()).isEqualTo("RUNNING");

    TestServer.Resp beat = worker.heartbeat(env);
    assertThat(beat.status()).isEqualTo(200);
    assertThat(beat.body().get("shouldCancel").asBoolean()).isFalse();
    assertThat(beat.body().has("cancelReason")).isFalse();
    assertThat(beat.body().get("taskToken").asText()).isNotBlank();

    Map<String, Object> done = Worker.attemptBody(env);
    done.put("outcome", "SUCCEEDED");
    done.put(
        "output",
        Map.of("deltaTable", "sales.raw", "deltaVersion", 7, "materializationId", "m-1", "rowCount", 3));
    TestServer.Resp completed = worker.callback(env, "completed", done);
    assertThat(completed.status()).isEqualTo(200);
    assertThat(completed.body().get("finalState").asText()).isEqualTo("SUCCEEDED");

    JsonNode next = worker.pollOne();
    assertThat(next.get("taskKey").asText()).isEqualTo("sales.daily");
    worker.started(next);
    worker.succeed(next);

    JsonNode finished = run(runId);
    assertThat(finished.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(finished.get("completedAt").asText()).isEqualTo(TestServer.START.toString());
    assertThat(finished.get("taskCounts").get("succeeded").asInt()).isEqualTo(2);
    JsonNode raw = task(finished, "sales.raw");
    assertThat(raw.get("attempt").asInt()).isEqualTo(1);
    assertThat(raw.get("deltaTable").asText()).isEqualTo("sales.raw");
    assertThat(raw.get("deltaVersion").asLong()).isEqualTo(7);
    assertThat(raw.get("executionLineageRef").asText())
        .isEqualTo(
            "{\"runId\":\"" + runId + "\",\"taskKey\":\"sales.raw\",\"attempt\":1,"
                + "\"materializationId\":\"m-1\",\"deltaTable\":\"sales.raw\",\"deltaVersion\":7}");
  }

  @Test
  void aRetryableFailureIsRetriedAfterTheBackoffWithAFreshAttempt() {
    server.post(server.ws() + "/manifests", manifest(asset("sales.raw")));
    String runId = startRun(trigger("sales.raw"));
    JsonNode first = worker.pollOne();
    worker.started(first);

    TestServer.Resp failed = worker.fail(first, "USER_CODE", true);

    assertThat(failed.body().get("finalState").asText()).isEqualTo("FAILED");
    JsonNode waiting = task(run(runId), "sales.raw");
    assertThat(waiting.get("state").asText()).isEqualTo("PENDING");
    assertThat(waiting.get("errorMessage").asText()).isEqualTo("boom");
    assertThat(run(runId).get("state").asText()).isEqualTo("RUNNING");
    assertThat(worker.poll(1)).as("not claimable before the 30 s backoff").isEmpty();

    server.advance(Duration.ofSeconds(30));
    JsonNode second = worker.pollOne();

    assertThat(second.get("attempt").asInt()).isEqualTo(2);
    assertThat(second.get("attemptId").asText()).isNotEqualTo(first.get("attemptId").asText());
    assertThat(worker.started(first).status()).as("old attempt").isEqualTo(401);
    worker.started(second);
    worker.succeed(second);
    JsonNode done = task(run(runId), "sales.raw");
    assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.get("retryAttribution").get("retries").asInt()).isEqualTo(1);
    assertThat(done.get("retryAttribution").get("reason").asText()).isEqualTo("prior_attempt_failed");
  }

  @Test
  void aTerminalFailureSkipsTheDownstreamChainWithAttribution() {
    server.post(
        server.ws() + "/manifests",
        manifest(asset("s.a"), asset("s.b", "s.a"), asset("s.c", "s.b")));
    Map<String, Object> body = trigger("s.c");
    body.put("includeUpstream", true);
    String runId = startRun(body);
    JsonNode a = worker.pollOne();
    worker.started(a);

    worker.fail(a, "DATA_QUALITY", false);

    JsonNode r = run(runId);
    assertThat(r.get("state").asText()).isEqualTo("FAILED");
    assertThat(task(r, "s.a").get("state").asText()).isEqualTo("FAILED");
    JsonNode b = task(r, "s.b");
    assertThat(b.get("state").asText()).isEqualTo("SKIPPED");
    assertThat(b.get("skipAttribution").get("upstreamTaskKey").asText()).isEqualTo("s.a");
    assertThat(b.get("skipAttribution").get("upstreamResolution").asText()).isEqualTo("FAILED");
    JsonNode c = task(r, "s.c");
    assertThat(c.get("skipAttribution").get("upstreamTaskKey").asText()).isEqualTo("s.b");
    assertThat(c.get("skipAttribution").get("upstreamResolution").asText()).isEqualTo("SKIPPED");
    assertThat(r.get("taskCounts").get("failed").asInt()).isEqualTo(1);
    assertThat(r.get("taskCounts").get("skipped").asInt()).isEqualTo(2);
    assertThat(worker.poll(5)).isEmpty();
  }

  @Test
  void aSilentWorkerTimesOutUnderTheManualClockAndTheTaskIsRetried() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    String runId = startRun(trigger("s.a"));
    JsonNode first = worker.pollOne();
    worker.started(first);

    server.advance(Duration.ofSeconds(330));
    assertThat(task(run(runId), "s.a").get("state").asText()).as("inside the grace").isEqualTo("RUNNING");
    server.advance(Duration.ofSeconds(1));

    JsonNode timedOut = task(run(runId), "s.a");
    assertThat(timedOut.get("state").asText()).isEqualTo("PENDING");
    assertThat(timedOut.get("errorMessage").asText()).startsWith("heartbeat_timeout: 331s");
    TestServer.Resp late = worker.succeed(first);
    assertThat(late.status()).as("refused, never acknowledged and thrown away").isEqualTo(409);
    assertThat(late.body().get("error").asText()).isEqualTo("attempt_already_completed");
    assertThat(task(run(runId), "s.a").get("state").asText()).isEqualTo("PENDING");
    TestServer.Resp restart = worker.started(first);
    assertThat(restart.status()).isEqualTo(409);
    assertThat(restart.body().get("error").asText()).isEqualTo("attempt_already_completed");

    server.advance(Duration.ofSeconds(30));
    JsonNode second = worker.pollOne();
    assertThat(second.get("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void heartbeatsKeepALongTaskAlive() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    String runId = startRun(trigger("s.a"));
    JsonNode env = worker.pollOne();
    worker.started(env);
    for (int i = 0; i < 5; i++) {
      server.advance(Duration.ofSeconds(200));
      assertThat(worker.heartbeat(env).status()).isEqualTo(200);
    }
    assertThat(task(run(runId), "s.a").get("state").asText()).isEqualTo("RUNNING");
  }

  @Test
  void cancelStopsDispatchCancelsPendingWorkAndTellsRunningWorkersToStop() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a"), asset("s.b"), asset("s.c")));
    String runId = startRun(trigger("s.a", "s.b", "s.c"));
    List<JsonNode> leased = worker.poll(2);
    JsonNode a = leased.get(0);
    JsonNode b = leased.get(1);
    worker.started(a);

    TestServer.Resp cancel = server.post(server.ws() + "/runs/" + runId + "/cancel", Map.of("reason", "stop"));

    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.body().get("state").asText()).isEqualTo("CANCELLING");
    assertThat(cancel.body().get("cancelledAt").asText()).isEqualTo(TestServer.START.toString());
    JsonNode r = run(runId);
    assertThat(task(r, "s.a").get("state").asText()).isEqualTo("RUNNING");
    assertThat(task(r, "s.b").get("state").asText()).isEqualTo("CANCELLED");
    assertThat(task(r, "s.c").get("state").asText()).isEqualTo("CANCELLED");
    assertThat(worker.poll(5)).isEmpty();
    TestServer.Resp lateStart = worker.started(b);
    assertThat(lateStart.status()).isEqualTo(409);
    assertThat(lateStart.body().get("error").asText()).isEqualTo("task_already_terminal");
    assertThat(lateStart.body().get("state").asText()).isEqualTo("CANCELLED");

    TestServer.Resp beat = worker.heartbeat(a);
    assertThat(beat.body().get("shouldCancel").asBoolean()).isTrue();
    assertThat(beat.body().get("cancelReason").asText()).isEqualTo("user_requested");
    worker.complete(a, "CANCELLED", null);

    JsonNode ended = run(runId);
    assertThat(ended.get("state").asText()).isEqualTo("CANCELLED");
    assertThat(ended.get("taskCounts").get("cancelled").asInt()).isEqualTo(3);
    TestServer.Resp again = server.post(server.ws() + "/runs/" + runId + "/cancel", Map.of());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("state").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void aRetryableFailureAfterACancelEndsTheTaskCancelled() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    String runId = startRun(trigger("s.a"));
    JsonNode a = worker.pollOne();
    worker.started(a);
    server.post(server.ws() + "/runs/" + runId + "/cancel", Map.of());

    worker.fail(a, "INFRASTRUCTURE", true);

    assertThat(run(runId).get("state").asText()).isEqualTo("CANCELLED");
    assertThat(task(run(runId), "s.a").get("state").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void pollValidatesItsBodyWithTheContractsMessages() {
    assertThat(server.post(server.ws() + "/workers/poll", Map.of()).message()).isEqualTo("workerId is required");
    TestServer.Resp max = server.post(server.ws() + "/workers/poll", Map.of("workerId", "w", "maxTasks", 0));
    assertThat(max.status()).isEqualTo(400);
    assertThat(max.message()).isEqualTo("maxTasks must be between 1 and 100");
    assertThat(server.post(server.ws() + "/workers/poll", Map.of("workerId", "w", "maxTasks", 101)).message())
        .isEqualTo("maxTasks must be between 1 and 100");
    // A value beyond 32 bits is out of range too, not wrapped into it.
    assertThat(server.post(server.ws() + "/workers/poll", Map.of("workerId", "w", "maxTasks", 4_294_967_301L)).message())
        .isEqualTo("maxTasks must be between 1 and 100");
    TestServer.Resp wait = server.post(server.ws() + "/workers/poll", Map.of("workerId", "w", "waitMs", 30001));
    assertThat(wait.status()).isEqualTo(400);
    assertThat(wait.code()).isEqualTo("BAD_REQUEST");
    assertThat(wait.message()).isEqualTo("waitMs must be between 0 and 30000");
  }

  @Test
  void tasksAreLeasedOnlyFromTheQueueTheirAssetNames() {
    server.post(
        server.ws() + "/manifests",
        manifest(with(asset("s.gpu"), "execution", Map.of("queue", "gpu")), asset("s.cpu")));
    startRun(trigger("s.gpu", "s.cpu"));

    List<JsonNode> defaults = worker.poll(5);
    TestServer.Resp gpu =
        server.post(server.ws() + "/workers/poll", Map.of("workerId", "g", "queues", List.of("gpu"), "maxTasks", 5));

    assertThat(defaults).extracting(t -> t.get("taskKey").asText()).containsExactly("s.cpu");
    assertThat(gpu.body().get("tasks")).hasSize(1);
    assertThat(gpu.body().get("tasks").get(0).get("workerQueue").asText()).isEqualTo("gpu");
  }

  @Test
  void aLongPollReturnsAsSoonAsATaskBecomesClaimable() throws Exception {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    var poll =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> server.post(server.ws() + "/workers/poll", Map.of("workerId", "w", "waitMs", 20000)));
    Thread.sleep(200);
    long t0 = System.nanoTime();
    startRun(trigger("s.a"));

    TestServer.Resp r = poll.get(15, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(r.body().get("tasks")).hasSize(1);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aWorkerUploadsItsAttemptLogsWithItsTaskToken() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    String runId = startRun(trigger("s.a"));
    JsonNode env = worker.pollOne();

    TestServer.Resp up =
        worker.callback(env, "logs", Map.of("attempt", 1, "stdout", "hello", "stderr", "warn"));
    TestServer.Resp again = worker.callback(env, "logs", Map.of("attempt", 1, "stdout", "x"));

    assertThat(up.status()).as(up.raw()).isEqualTo(200);
    assertThat(up.body().get("path").asText()).isEqualTo("logs/" + runId + "/s.a/attempt-1.log");
    assertThat(again.status()).isEqualTo(409);
    TestServer.Resp logs = server.get(server.ws() + "/runs/" + runId + "/logs");
    assertThat(logs.raw())
        .isEqualTo(
            "--- logs/" + runId + "/s.a/attempt-1.log ---\n=== stdout ===\nhello\n=== stderr ===\nwarn\n");
  }
}
