package io.arco.api.http;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A number out of its type's range is 400 on every route, never clamped (decisions §7.6): u32
 * fields above 4294967295, an attempt above 2147483647, an i64 field beyond the {@code long} range.
 */
class NumberRangeHttpTest {
  private static final long INT_MAX = Integer.MAX_VALUE;
  private static final long U32_MAX = 0xFFFF_FFFFL;
  private static final BigInteger I64_OVER = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);

  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "w-1");

  @AfterEach
  void stop() {
    server.close();
  }

  private static void assertOutOfRange(TestServer.Resp r, String field, String message) {
    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("BAD_REQUEST");
    assertThat(r.message()).isEqualTo(message);
    assertThat(r.body().get("details").get("field").asText()).isEqualTo(field);
  }

  private static void assertCallbackOutOfRange(TestServer.Resp r, String message) {
    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    assertThat(r.body().get("error").asText()).isEqualTo("invalid_argument");
    assertThat(r.body().get("message").asText()).isEqualTo(message);
  }

  private TestServer.Resp upload(Object attempt) {
    return server.post(
        server.ws() + "/runs/r1/logs", Map.of("taskKey", "analytics.a", "attempt", attempt));
  }

  @Test
  void aLogUploadAttemptAboveTheIntRangeIs400AndNotClamped() {
    assertOutOfRange(upload(INT_MAX + 1), "attempt", "attempt must be <= 2147483647");
    assertOutOfRange(upload(U32_MAX + 1), "attempt", "attempt must be <= 2147483647");
    assertOutOfRange(upload(I64_OVER), "attempt", "attempt must be <= 2147483647");
    assertThat(server.get(server.ws() + "/runs/r1/logs").status()).as("nothing stored").isEqualTo(404);

    TestServer.Resp top = upload(INT_MAX);
    assertThat(top.status()).as(top.raw()).isEqualTo(200);
    assertThat(top.body().get("path").asText()).isEqualTo("logs/r1/analytics.a/attempt-2147483647.log");
  }

  @Test
  void callbackAttemptsAboveTheIntRangeAre400InTheCallbackEnvelope() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    server.post(server.ws() + "/runs", trigger("s.a"));
    JsonNode env = worker.pollOne();
    for (String kind : List.of("started", "heartbeat", "completed", "logs")) {
      Map<String, Object> body = Worker.attemptBody(env);
      body.put("attempt", INT_MAX + 1);
      body.put("outcome", "SUCCEEDED");
      assertCallbackOutOfRange(worker.callback(env, kind, body), "Invalid attempt: must be <= 2147483647");
    }
  }

  @Test
  void callbackI64FieldsBeyondTheLongRangeAre400() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    server.post(server.ws() + "/runs", trigger("s.a"));
    JsonNode env = worker.pollOne();
    worker.started(env);

    Map<String, Object> completed = Worker.attemptBody(env);
    completed.put("outcome", "SUCCEEDED");
    completed.put("output", Map.of("rowCount", I64_OVER));
    assertCallbackOutOfRange(
        worker.callback(env, "completed", completed), "Invalid rowCount: must be <= 9223372036854775807");
    completed.put("output", Map.of());
    completed.put("metrics", Map.of("cpuTimeMs", I64_OVER.negate().subtract(BigInteger.ONE)));
    assertCallbackOutOfRange(
        worker.callback(env, "completed", completed), "Invalid cpuTimeMs: must be >= -9223372036854775808");
    Map<String, Object> beat = Worker.attemptBody(env);
    beat.put("progressPct", I64_OVER);
    assertCallbackOutOfRange(
        worker.callback(env, "heartbeat", beat), "Invalid progressPct: must be <= 9223372036854775807");

    assertThat(worker.succeed(env).status()).as("nothing was applied before").isEqualTo(200);
  }

  @Test
  void scheduleU32FieldsAboveTheirRangeAre400() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cronExpression", "0 6 * * *");
    body.put("timezone", "UTC");
    body.put("catchupWindowMinutes", U32_MAX + 1);
    body.put("maxCatchupTicks", 1);
    body.put("enabled", true);
    body.put("assetSelection", List.of());
    assertOutOfRange(
        server.put(server.ws() + "/schedules/nightly", body),
        "catchupWindowMinutes",
        "catchupWindowMinutes must be <= 4294967295");
    body.put("catchupWindowMinutes", 60);
    body.put("maxCatchupTicks", I64_OVER);
    assertOutOfRange(
        server.put(server.ws() + "/schedules/nightly", body),
        "maxCatchupTicks",
        "maxCatchupTicks must be <= 4294967295");
    assertThat(server.get(server.ws() + "/schedules/nightly").status()).as("nothing stored").isEqualTo(404);
  }

  @Test
  void backfillU32FieldsAboveTheirRangeAre400() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("assetSelection", List.of("s.a"));
    body.put("partitionSelector", Map.of("type", "explicit", "partition_keys", List.of("date=d:2025-01-01")));
    body.put("chunkSize", U32_MAX + 1);
    assertOutOfRange(
        server.post(server.ws() + "/backfills", body), "chunkSize", "chunkSize must be <= 4294967295");
    body.remove("chunkSize");
    body.put("maxConcurrentRuns", U32_MAX + 1);
    assertOutOfRange(
        server.post(server.ws() + "/backfills", body),
        "maxConcurrentRuns",
        "maxConcurrentRuns must be <= 4294967295");
    assertThat(server.get(server.ws() + "/backfills").body().get("backfills")).isEmpty();
  }

  @Test
  void settingsAndPollIntegersBeyondTheLongRangeAre400() {
    assertOutOfRange(
        server.put(server.ws() + "/settings", Map.of("maxConcurrentRuns", I64_OVER)),
        "maxConcurrentRuns",
        "maxConcurrentRuns must be <= 9223372036854775807");
    assertOutOfRange(
        server.put(
            server.ws() + "/settings",
            Map.of("labelLimits", List.of(Map.of("label", "team", "limit", I64_OVER)))),
        "labelLimits[0].limit",
        "labelLimits[0].limit must be <= 9223372036854775807");
    assertOutOfRange(
        server.post(server.ws() + "/workers/poll", Map.of("workerId", "w", "maxTasks", I64_OVER)),
        "maxTasks",
        "maxTasks must be <= 9223372036854775807");
    assertOutOfRange(
        server.post(server.ws() + "/workers/poll", Map.of("workerId", "w", "waitMs", I64_OVER.negate().subtract(BigInteger.ONE))),
        "waitMs",
        "waitMs must be >= -9223372036854775808");
  }
}
