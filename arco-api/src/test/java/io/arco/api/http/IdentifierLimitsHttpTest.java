package io.arco.api.http;

import static io.arco.api.testing.ApiAssertions.assertBadRequest;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.testing.CountingStore;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.api.testing.Worker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every identifier-like string the API stores is at most 256 UTF-8 bytes (or the contract's own
 * limit) and holds no control character (decisions §7.5): a bad one is 400 with the exact message
 * and nothing is written, not even a manifest or an idempotency record (the store sees no append).
 */
class IdentifierLimitsHttpTest {
  private static final String LONG = "x".repeat(257);
  private static final String MEGABYTE = "m".repeat(1 << 20);
  private static final String NUL = "a\u0000b";

  private static CountingStore store;
  private static TestServer server;
  private static String ws;
  private static String parentRunId;
  private static JsonNode leased;

  @BeforeAll
  static void deployTriggerAndLease() {
    store = new CountingStore();
    server = TestServer.start(store);
    ws = server.ws();
    assertStatus(server.post(ws + "/manifests", graph()), 201);
    Resp run = server.post(ws + "/runs", trigger("analytics.a"));
    assertStatus(run, 201);
    parentRunId = run.body().get("runId").asText();
    leased = new Worker(server, "worker-1").pollOne();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Two assets and the push sensor {@code inbox} on the first. */
  private static Map<String, Object> graph() {
    Map<String, Object> m = manifest(asset("analytics.a"), asset("analytics.b", "analytics.a"));
    m.put("sensors", List.of(Map.of("id", "inbox", "kind", "push", "assets", List.of("analytics.a"))));
    return m;
  }

  // ---- requests --------------------------------------------------------------------------------

  private static Resp deploy(String field, Object value) {
    Map<String, Object> m = manifest(asset("analytics.a"));
    m.put(field, value);
    return server.post(ws + "/manifests", m);
  }

  private static Resp deployWith(String list, Map<String, Object> entry) {
    Map<String, Object> m = manifest(asset("analytics.a"));
    m.put(list, List.of(entry));
    return server.post(ws + "/manifests", m);
  }

  private static Resp triggerWith(String field, Object value) {
    Map<String, Object> b = new LinkedHashMap<>(trigger("analytics.a"));
    b.put(field, value);
    return server.post(ws + "/runs", b);
  }

  private static Resp rerunWith(String field, Object value) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("mode", "subset");
    b.put("selection", List.of("analytics.a"));
    b.put(field, value);
    return server.post(ws + "/runs/" + parentRunId + "/rerun", b);
  }

  private static Resp upsertSchedule(String scheduleId) {
    return server.put(
        ws + "/schedules/" + scheduleId,
        Map.of(
            "cronExpression", "0 * * * *",
            "timezone", "UTC",
            "catchupWindowMinutes", 0,
            "maxCatchupTicks", 1,
            "enabled", true,
            "assetSelection", List.of("analytics.a")));
  }

  private static Resp evaluate(String sensorId, Map<String, Object> body, Map<String, String> headers) {
    return server.post(ws + "/sensors/" + sensorId + "/evaluate", body, headers);
  }

  private static Map<String, Object> message(String messageId) {
    return Map.of("payload", Map.of(), "messageId", messageId);
  }

  private static Resp backfill(Map<String, Object> extra, Map<String, String> headers) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("assetSelection", List.of("analytics.a"));
    b.put("partitionSelector", Map.of("type", "explicit", "partitions", List.of("p")));
    b.putAll(extra);
    return server.post(ws + "/backfills", b, headers);
  }

  private static Resp poll(String workerId) {
    return server.post(ws + "/workers/poll", Map.of("workerId", workerId));
  }

  private static Resp members(String list, String member) {
    return server.post(ws + "/partition-sets/regions/members", Map.of(list, List.of(member)));
  }

  private static Resp labelLimit(Map<String, Object> limit) {
    return server.put(ws + "/settings", Map.of("labelLimits", List.of(limit)));
  }

  private static Arguments bad(String name, Supplier<Resp> send, String message) {
    return Arguments.of(name, send, message);
  }

  static Stream<Arguments> badIdentifiers() {
    return Stream.of(
        bad("deploy: 1 MB codeVersionId", () -> deploy("codeVersionId", MEGABYTE),
            "codeVersionId must be at most 256 bytes"),
        bad("deploy: NUL in codeVersionId", () -> deploy("codeVersionId", NUL),
            "codeVersionId contains a control character"),
        bad("deploy: 1 MB manifestVersion", () -> deploy("manifestVersion", MEGABYTE),
            "manifestVersion must be at most 256 bytes"),
        bad("deploy: line feed in manifestVersion", () -> deploy("manifestVersion", "v\n1"),
            "manifestVersion contains a control character"),
        bad("deploy: long schedule id",
            () -> deployWith("schedules", Map.of("id", LONG, "cron", "0 * * * *", "assets", List.of("analytics.a"))),
            "schedules[0].id must be at most 256 bytes"),
        bad("deploy: NUL in sensor id",
            () -> deployWith("sensors", Map.of("id", NUL, "kind", "push", "assets", List.of("analytics.a"))),
            "sensors[0].id contains a control character"),
        bad("trigger: NUL in label key", () -> triggerWith("labels", Map.of(NUL, "v")),
            "label key contains a control character"),
        bad("trigger: tab in label value", () -> triggerWith("labels", Map.of("team", "a\tb")),
            "label value contains a control character"),
        bad("trigger: NUL in runKey", () -> triggerWith("runKey", NUL),
            "runKey contains a control character"),
        bad("rerun: NUL in label value", () -> rerunWith("labels", Map.of("team", NUL)),
            "label value contains a control character"),
        bad("rerun: NUL in runKey", () -> rerunWith("runKey", NUL), "runKey contains a control character"),
        bad("PUT schedule: long scheduleId", () -> upsertSchedule(LONG),
            "scheduleId must be at most 256 bytes"),
        bad("evaluate: long sensorId", () -> evaluate(LONG, Map.of("payload", Map.of()), Map.of()),
            "sensorId must be at most 256 bytes"),
        bad("PUT schedule: encoded control character in scheduleId", () -> upsertSchedule("a%01b"),
            "scheduleId contains a control character"),
        bad("evaluate: encoded tab in sensorId",
            () -> evaluate("in%09box", Map.of("payload", Map.of()), Map.of()),
            "sensorId contains a control character"),
        bad("evaluate: 1 MB messageId", () -> evaluate("inbox", message(MEGABYTE), Map.of()),
            "messageId must be at most 256 bytes"),
        bad("evaluate: NUL in messageId", () -> evaluate("inbox", message(NUL), Map.of()),
            "messageId contains a control character"),
        bad("evaluate: long Idempotency-Key as messageId",
            () -> evaluate("inbox", Map.of("payload", Map.of()), Map.of("Idempotency-Key", LONG)),
            "messageId must be at most 256 bytes"),
        bad("backfill: long clientRequestId", () -> backfill(Map.of("clientRequestId", LONG), Map.of()),
            "clientRequestId must be at most 256 bytes"),
        bad("backfill: NUL in clientRequestId", () -> backfill(Map.of("clientRequestId", NUL), Map.of()),
            "clientRequestId contains a control character"),
        bad("backfill: long Idempotency-Key as clientRequestId",
            () -> backfill(Map.of(), Map.of("Idempotency-Key", LONG)),
            "clientRequestId must be at most 256 bytes"),
        bad("poll: 1 MB workerId", () -> poll(MEGABYTE), "workerId must be at most 256 bytes"),
        bad("poll: NUL in workerId", () -> poll(NUL), "workerId contains a control character"),
        bad("partition set: long member added", () -> members("add", LONG),
            "partition set member must be at most 256 bytes"),
        bad("partition set: control character in a removed member", () -> members("remove", "eu\u0085"),
            "partition set member contains a control character"),
        bad("settings: long label", () -> labelLimit(Map.of("label", "k".repeat(129), "limit", 1)),
            "labelLimits[0].label must be at most 128 bytes"),
        bad("settings: NUL in value", () -> labelLimit(Map.of("label", "team", "value", NUL, "limit", 1)),
            "labelLimits[0].value contains a control character"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIdentifiers")
  void aBadIdentifierIs400WithItsMessageAndWritesNothing(
      String name, Supplier<Resp> send, String message) {
    long appends = store.appends();
    JsonNode runs = server.get(ws + "/runs").body();

    assertBadRequest(send.get(), message);

    assertThat(store.appends()).as("batches appended").isEqualTo(appends);
    assertThat(server.get(ws + "/runs").body()).isEqualTo(runs);
  }

  static Stream<Arguments> badCallbackWorkerIds() {
    return Stream.of("started", "heartbeat", "completed")
        .flatMap(
            kind ->
                Stream.of(
                    Arguments.of(kind, LONG, "workerId must be at most 256 bytes"),
                    Arguments.of(kind, NUL, "workerId contains a control character")));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badCallbackWorkerIds")
  void aCallbackWithABadWorkerIdIs400InvalidArgumentAndWritesNothing(
      String kind, String workerId, String message) {
    Map<String, Object> body = Worker.attemptBody(leased);
    body.put("workerId", workerId);
    body.put("outcome", "SUCCEEDED");
    long appends = store.appends();

    Resp r = new Worker(server, "worker-1").callback(leased, kind, body);

    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    assertThat(r.body().path("error").asText()).isEqualTo("invalid_argument");
    assertThat(r.message()).isEqualTo(message);
    assertThat(store.appends()).isEqualTo(appends);
  }

  @Test
  void identifiersOfExactly256BytesAreAcceptedCountingBytesNotCharacters() {
    String bytes256 = "é".repeat(128);
    Map<String, Object> m = graph();
    m.put("codeVersionId", bytes256);
    assertStatus(server.post(ws + "/manifests", m), 201);
    assertStatus(poll(bytes256), 200);
    Map<String, Object> over = graph();
    over.put("codeVersionId", bytes256 + "x");
    assertBadRequest(server.post(ws + "/manifests", over), "codeVersionId must be at most 256 bytes");
  }

  @Test
  void aPushSensorsRunKeyDerivedFromTheMessageIdStaysWithinTheRunKeyLimit() {
    // sensor:inbox:msg: is 17 bytes, which leaves 239 for the message id
    String fits = "f".repeat(239);
    Resp ok = evaluate("inbox", message(fits), Map.of());
    assertStatus(ok, 200);
    assertThat(ok.body().get("status").asText()).isEqualTo("triggered");
    String runKey = ok.body().get("runRequests").get(0).get("runKey").asText();
    assertThat(runKey).isEqualTo("sensor:inbox:msg:" + fits).hasSize(256);

    long appends = store.appends();
    JsonNode evals = server.get(ws + "/sensors/inbox/evals").body();
    assertBadRequest(
        evaluate("inbox", message("g".repeat(240)), Map.of()),
        "messageId must be at most 239 bytes: the run key sensor:inbox:msg:{messageId} is limited"
            + " to 256 bytes");
    assertThat(store.appends()).isEqualTo(appends);
    assertThat(server.get(ws + "/sensors/inbox/evals").body()).isEqualTo(evals);

    // A sensor that derives no run key (not a defined push sensor) takes any valid message id.
    Resp ghost = evaluate("ghost", message("g".repeat(256)), Map.of());
    assertStatus(ghost, 200);
    assertThat(ghost.body().get("status").asText()).isEqualTo("no_new_data");
  }
}
