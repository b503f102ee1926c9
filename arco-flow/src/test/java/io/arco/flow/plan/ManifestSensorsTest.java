package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static io.arco.flow.plan.PlanAssertions.assertInvalidField;
import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.model.Scope;
import io.arco.flow.model.SensorKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Manifest {@code sensors} (decisions §2.9): parsing, validation, fingerprint, stored document. */
class ManifestSensorsTest {

  /** {@link ManifestParserTest#BASE} plus a push and a poll sensor. */
  static ObjectNode withSensors() {
    ObjectNode body = ManifestParserTest.base();
    ArrayNode sensors = body.putArray("sensors");
    sensors.add(
        json(
            """
            {"id": "orders-landed", "kind": "push",
             "assets": ["analytics/users.daily", "analytics.orders", "analytics.users.daily"]}
            """));
    sensors.add(
        json(
            """
            {"id": "bucket-poll", "kind": "poll", "assets": ["analytics.orders"],
             "minIntervalSeconds": 120,
             "execution": {"command": ["python", "poll.py"], "z": {"b": 1, "a": 2}}}
            """));
    return body;
  }

  static ObjectNode sensor(ObjectNode body, int i) {
    return (ObjectNode) body.get("sensors").get(i);
  }

  static Manifest parse(JsonNode body) {
    return ManifestParser.parse(body, "api");
  }

  // ---- parsing ----

  @Test
  void parsesPushAndPollSensorsWithDefaults() {
    Manifest m = parse(withSensors());
    assertThat(m.sensors())
        .extracting(ManifestSensor::id)
        .containsExactly("orders-landed", "bucket-poll");

    ManifestSensor push = m.sensor("orders-landed").orElseThrow();
    assertThat(push)
        .isEqualTo(
            new ManifestSensor(
                "orders-landed",
                SensorKind.PUSH,
                List.of("analytics/users.daily", "analytics.orders", "analytics.users.daily"),
                List.of("analytics.orders", "analytics.users.daily"),
                30,
                Optional.empty()));
    assertThat(push.command()).isEmpty();

    ManifestSensor poll = m.sensor("bucket-poll").orElseThrow();
    assertThat(poll.kind()).isEqualTo(SensorKind.POLL);
    assertThat(poll.assetKeys()).containsExactly("analytics.orders");
    assertThat(poll.minIntervalSeconds()).isEqualTo(120);
    assertThat(poll.execution())
        .contains(json("{\"command\": [\"python\", \"poll.py\"], \"z\": {\"b\": 1, \"a\": 2}}"));
    assertThat(poll.command()).contains(new ExecutionCommand.Argv(List.of("python", "poll.py")));

    assertThat(m.sensor("missing")).isEmpty();
  }

  @Test
  void manifestWithoutSensorsHasNone() {
    assertThat(parse(ManifestParserTest.base()).sensors()).isEmpty();
    ObjectNode nullSensors = ManifestParserTest.base();
    nullSensors.putNull("sensors");
    assertThat(parse(nullSensors).sensors()).isEmpty();
  }

  @Test
  void shellCommandNullExecutionAndBoundaryIntervalsAreAccepted() {
    ObjectNode body = withSensors();
    sensor(body, 0).putNull("execution").put("minIntervalSeconds", 1);
    sensor(body, 1)
        .put("minIntervalSeconds", 86_400)
        .set("execution", json("{\"command\": \"./poll\"}"));
    Manifest m = parse(body);
    assertThat(m.sensors().get(0).execution()).isEmpty();
    assertThat(m.sensors().get(0).minIntervalSeconds()).isEqualTo(1);
    assertThat(m.sensors().get(1).minIntervalSeconds()).isEqualTo(86_400);
    assertThat(m.sensors().get(1).command()).contains(new ExecutionCommand.Shell("./poll"));
  }

  @Test
  void executionWithoutCommandIsAcceptedAndStoredVerbatim() {
    ObjectNode body = withSensors();
    sensor(body, 1).set("execution", json("{\"command\": null, \"team\": \"data\"}"));
    ManifestSensor poll = parse(body).sensors().get(1);
    assertThat(poll.command()).isEmpty();
    assertThat(poll.execution()).contains(json("{\"command\": null, \"team\": \"data\"}"));
  }

  @Test
  void aScheduleAndASensorMayShareAnId() {
    ObjectNode body = withSensors();
    sensor(body, 0).put("id", "nightly");
    Manifest m = parse(body);
    assertThat(m.schedules().get(0).id()).isEqualTo("nightly");
    assertThat(m.sensor("nightly")).isPresent();
  }

  @Test
  void sensorRecordIsImmutable() {
    Manifest m = parse(withSensors());
    ((ObjectNode) m.sensors().get(1).execution().orElseThrow()).put("command", "changed");
    assertThat(m.sensors().get(1).command())
        .contains(new ExecutionCommand.Argv(List.of("python", "poll.py")));
  }

  // ---- 422 shape errors ----

  @Test
  void mistypedSensorMembersAreInvalidFields() {
    assertShapeError(b -> b.put("sensors", "s1"), "sensors", "expected an array");
    assertShapeError(
        b -> ((ArrayNode) b.get("sensors")).add("s1"), "sensors[2]", "expected an object");
    assertShapeError(b -> sensor(b, 1).put("id", 7), "sensors[1].id", "expected a string");
    assertShapeError(b -> sensor(b, 0).remove("id"), "sensors[0].id", "is required");
    assertShapeError(b -> sensor(b, 0).putNull("id"), "sensors[0].id", "is required");
    assertShapeError(b -> sensor(b, 0).put("kind", true), "sensors[0].kind", "expected a string");
    assertShapeError(
        b -> sensor(b, 0).put("assets", "analytics.orders"),
        "sensors[0].assets",
        "expected an array");
    assertShapeError(b -> sensor(b, 0).remove("assets"), "sensors[0].assets", "is required");
    assertShapeError(
        b -> ((ArrayNode) sensor(b, 0).get("assets")).add(1),
        "sensors[0].assets[3]",
        "expected a string");
    assertShapeError(
        b -> sensor(b, 1).put("minIntervalSeconds", "30"),
        "sensors[1].minIntervalSeconds",
        "expected an integer");
    assertShapeError(
        b -> sensor(b, 1).put("minIntervalSeconds", 30.0),
        "sensors[1].minIntervalSeconds",
        "expected an integer");
  }

  @Test
  void sensorShapeErrorsComeAfterSchedulesAndBeforeEveryValidationError() {
    ObjectNode a = withSensors();
    ManifestParserTest.schedule(a, 0).put("cron", 5);
    sensor(a, 0).put("id", 7);
    assertInvalidField(() -> parse(a), "schedules[0].cron", "expected a string");
    ObjectNode b = withSensors();
    b.put("manifestVersion", "");
    sensor(b, 0).put("minIntervalSeconds", "often");
    assertInvalidField(() -> parse(b), "sensors[0].minIntervalSeconds", "expected an integer");
    ObjectNode c = withSensors();
    sensor(c, 0).put("id", 7);
    c.put("deployedBy", 1);
    assertInvalidField(() -> parse(c), "sensors[0].id", "expected a string");
  }

  // ---- 400 validation ----

  @Test
  void sensorChecksUseTheDocumentedMessages() {
    assertSensorError(s -> s.put("id", " "), "sensor id is required");
    assertSensorError(s -> s.put("id", "p".repeat(257)), "sensors[1].id must be at most 256 bytes");
    assertSensorError(s -> s.put("id", "bucket\u007fpoll"), "sensors[1].id contains a control character");
    assertSensorError(s -> s.remove("kind"), "sensor kind must be push or poll");
    assertSensorError(s -> s.putNull("kind"), "sensor kind must be push or poll");
    assertSensorError(s -> s.put("kind", "PUSH"), "sensor kind must be push or poll");
    assertSensorError(s -> s.put("kind", "webhook"), "sensor kind must be push or poll");
    assertSensorError(s -> s.putArray("assets"), "sensor must include at least one asset");
    assertSensorError(
        s -> s.putArray("assets").add("analytics orders"), "asset key cannot contain whitespace");
    assertSensorError(
        s -> s.putArray("assets").add("Analytics.orders"),
        "invalid asset key 'Analytics.orders': invalid namespace 'Analytics'");
    assertSensorError(
        s -> s.putArray("assets").add("analytics.orders").add("analytics/missing"),
        "sensor 'bucket-poll' references unknown asset 'analytics.missing'");
    for (long bad : List.of(0L, -1L, 86_401L, Long.MAX_VALUE)) {
      assertSensorError(
          s -> s.put("minIntervalSeconds", bad),
          "sensor 'bucket-poll' has invalid minIntervalSeconds: must be between 1 and 86400");
    }
    assertSensorError(
        s -> s.set("minIntervalSeconds", json("100000000000000000000000")),
        "sensor 'bucket-poll' has invalid minIntervalSeconds: must be between 1 and 86400");
    assertSensorError(s -> s.put("id", "orders-landed"), "duplicate sensor id in manifest");
    assertSensorError(
        s -> s.put("execution", "poll.py"),
        "sensor 'bucket-poll' has invalid execution: must be an object");
    assertSensorError(
        s -> s.set("execution", json("{\"command\": []}")),
        "sensor 'bucket-poll' has invalid execution: command must be a non-empty string or a"
            + " non-empty array of strings");
    assertSensorError(
        s -> s.set("execution", json("{\"command\": \"  \"}")),
        "sensor 'bucket-poll' has invalid execution: command must be a non-empty string or a"
            + " non-empty array of strings");
    assertSensorError(
        s -> s.set("execution", json("{\"command\": [\"python\", 1]}")),
        "sensor 'bucket-poll' has invalid execution: command must be a non-empty string or a"
            + " non-empty array of strings");
  }

  @Test
  void sensorChecksRunInTheDocumentedOrder() {
    assertSensorError(s -> s.put("id", "").remove("kind"), "sensor id is required");
    assertSensorError(
        s -> s.put("kind", "other").putArray("assets"), "sensor kind must be push or poll");
    assertSensorError(
        s -> s.put("minIntervalSeconds", 0).putArray("assets"),
        "sensor must include at least one asset");
    assertSensorError(
        s -> s.put("minIntervalSeconds", 0).putArray("assets").add("analytics.missing"),
        "sensor 'bucket-poll' references unknown asset 'analytics.missing'");
    assertSensorError(
        s -> s.put("id", "orders-landed").put("minIntervalSeconds", 0),
        "sensor 'orders-landed' has invalid minIntervalSeconds: must be between 1 and 86400");
    assertSensorError(
        s -> s.put("id", "orders-landed").put("execution", 3), "duplicate sensor id in manifest");
  }

  @Test
  void sensorsAreCheckedOneAfterAnotherInManifestOrder() {
    ObjectNode body = withSensors();
    sensor(body, 0).set("execution", json("{\"command\": 1}"));
    sensor(body, 1).put("kind", "other");
    assertInvalid(
        () -> parse(body),
        "sensor 'orders-landed' has invalid execution: command must be a non-empty string or a"
            + " non-empty array of strings");
  }

  @Test
  void sensorChecksComeAfterScheduleChecksAndBeforeAssetExecutionChecks() {
    ObjectNode a = withSensors();
    ManifestParserTest.schedule(a, 0).put("timezone", "nowhere");
    sensor(a, 0).remove("kind");
    assertInvalid(() -> parse(a), "invalid schedule timezone");
    ObjectNode b = withSensors();
    ((ArrayNode) b.get("schedules")).add(ManifestParserTest.schedule(b, 0).deepCopy());
    sensor(b, 0).remove("kind");
    assertInvalid(() -> parse(b), "duplicate schedule id in manifest");
    ObjectNode c = withSensors();
    ((ObjectNode) ManifestParserTest.asset(c, 0).get("execution")).put("queue", "");
    sensor(c, 1).put("minIntervalSeconds", 0);
    assertInvalid(
        () -> parse(c),
        "sensor 'bucket-poll' has invalid minIntervalSeconds: must be between 1 and 86400");
    sensor(c, 1).put("minIntervalSeconds", 60);
    assertInvalid(
        () -> parse(c),
        "asset 'analytics.orders' has invalid execution.queue: must be a non-empty string");
  }

  // ---- fingerprint ----

  @Test
  void fingerprintWithoutSensorsIsUnchanged() {
    ObjectNode none = ManifestParserTest.base();
    ObjectNode empty = ManifestParserTest.base();
    empty.putArray("sensors");
    ObjectNode nulled = ManifestParserTest.base();
    nulled.putNull("sensors");
    String fingerprint = parse(none).fingerprint();
    assertThat(parse(empty).fingerprint()).isEqualTo(fingerprint);
    assertThat(parse(nulled).fingerprint()).isEqualTo(fingerprint);
    assertThat(ManifestJson.fingerprintDocument(parse(empty)).has("sensors")).isFalse();
  }

  @Test
  void fingerprintChangesWithSensors() {
    String none = parse(ManifestParserTest.base()).fingerprint();
    String with = parse(withSensors()).fingerprint();
    assertThat(with).isNotEqualTo(none).matches("[0-9a-f]{64}");
    List<Consumer<ObjectNode>> changes =
        List.of(
            b -> sensor(b, 0).put("kind", "poll"),
            b -> sensor(b, 0).put("minIntervalSeconds", 31),
            b -> sensor(b, 0).putArray("assets").add("analytics.orders"),
            // Assets are hashed as written, as for schedules.
            b -> sensor(b, 1).putArray("assets").add("analytics/orders"),
            b -> sensor(b, 1).set("execution", json("{\"command\": \"./poll\"}")),
            b -> sensor(b, 1).remove("execution"),
            b -> sensor(b, 1).put("id", "bucket-poll-2"),
            b -> ((ArrayNode) b.get("sensors")).remove(0));
    for (Consumer<ObjectNode> change : changes) {
      ObjectNode body = withSensors();
      change.accept(body);
      assertThat(parse(body).fingerprint()).as(body.get("sensors").toString()).isNotEqualTo(with);
    }
  }

  @Test
  void fingerprintIgnoresSensorOrderDefaultIntervalAndExecutionMemberOrder() {
    String with = parse(withSensors()).fingerprint();
    ObjectNode reordered = withSensors();
    ArrayNode sensors = (ArrayNode) reordered.get("sensors");
    sensors.add(sensors.remove(0));
    assertThat(parse(reordered).fingerprint()).isEqualTo(with);
    ObjectNode explicitDefault = withSensors();
    sensor(explicitDefault, 0).put("minIntervalSeconds", 30);
    assertThat(parse(explicitDefault).fingerprint()).isEqualTo(with);
    ObjectNode memberOrder = withSensors();
    sensor(memberOrder, 1)
        .set(
            "execution",
            json("{\"z\": {\"a\": 2, \"b\": 1}, \"command\": [\"python\", \"poll.py\"]}"));
    assertThat(parse(memberOrder).fingerprint()).isEqualTo(with);
  }

  @Test
  void fingerprintHashesTheDocumentedSensorLayout() {
    Manifest m =
        parse(
            json(
                """
                {"manifestVersion": "1", "codeVersionId": "c",
                 "assets": [{"key": {"namespace": "a", "name": "b"}, "id": "1"}],
                 "sensors": [
                   {"id": "s2", "kind": "poll", "assets": ["a/b"],
                    "execution": {"command": "x", "a": 1}},
                   {"id": "s1", "kind": "push", "assets": ["a.b"], "minIntervalSeconds": 5}]}
                """));
    String expected =
        "{\"manifestVersion\":\"1\",\"codeVersionId\":\"c\","
            + "\"git\":{\"repository\":\"\",\"branch\":\"\","
            + "\"commitSha\":\"\",\"commitMessage\":\"\",\"author\":\"\",\"dirty\":false},"
            + "\"assets\":[{\"key\":{\"namespace\":\"a\",\"name\":\"b\"},\"id\":\"1\","
            + "\"description\":\"\","
            + "\"owners\":[],\"dependencies\":[],\"checks\":[]}],"
            + "\"schedules\":[],"
            + "\"sensors\":["
            + "{\"id\":\"s1\",\"kind\":\"push\",\"assets\":[\"a.b\"],\"minIntervalSeconds\":5},"
            + "{\"id\":\"s2\",\"kind\":\"poll\",\"assets\":[\"a/b\"],\"minIntervalSeconds\":30,"
            + "\"execution\":{\"a\":1,\"command\":\"x\"}}],"
            + "\"metadata\":null}";
    assertThat(m.fingerprint()).isEqualTo(io.arco.flow.model.Ids.sha256Hex(expected));
  }

  // ---- stored document ----

  private static StoredManifestDocument document(JsonNode body) {
    return StoredManifestDocument.of(
        "01JMANIFEST",
        new Scope("acme", "prod"),
        Instant.parse("2025-01-15T10:30:00Z"),
        parse(body));
  }

  @Test
  void storedDocumentRoundTripsSensors() {
    StoredManifestDocument doc = document(withSensors());
    StoredManifestDocument back = StoredManifestDocument.parse(doc.toBytes());
    assertThat(back).isEqualTo(doc);
    assertThat(back.manifest().sensors()).isEqualTo(doc.manifest().sensors());
    assertThat(back.manifest().fingerprint()).isEqualTo(doc.fingerprint());
    assertThat(back.toBytes()).isEqualTo(doc.toBytes());
  }

  @Test
  void storedDocumentListsSensorsAfterSchedulesVerbatim() {
    ObjectNode json = document(withSensors()).toJson();
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "manifestId",
            "tenantId",
            "workspaceId",
            "manifestVersion",
            "codeVersionId",
            "fingerprint",
            "git",
            "assets",
            "schedules",
            "sensors",
            "deployedAt",
            "deployedBy",
            "metadata");
    assertThat(json.get("sensors"))
        .isEqualTo(
            json(
                """
                [{"id": "orders-landed", "kind": "push",
                  "assets": ["analytics/users.daily", "analytics.orders", "analytics.users.daily"],
                  "minIntervalSeconds": 30},
                 {"id": "bucket-poll", "kind": "poll", "assets": ["analytics.orders"],
                  "minIntervalSeconds": 120,
                  "execution": {"command": ["python", "poll.py"], "z": {"b": 1, "a": 2}}}]
                """));
    assertThat(new String(document(withSensors()).toBytes(), StandardCharsets.UTF_8))
        .contains("\"execution\":{\"command\":[\"python\",\"poll.py\"],\"z\":{\"b\":1,\"a\":2}}");
  }

  @Test
  void storedDocumentWithoutSensorsHasNoSensorsMemberAndReadsAsNone() {
    StoredManifestDocument doc = document(ManifestParserTest.base());
    ObjectNode json = doc.toJson();
    assertThat(json.has("sensors")).isFalse();
    assertThat(StoredManifestDocument.from(json).manifest().sensors()).isEmpty();
    assertThat(StoredManifestDocument.from(json)).isEqualTo(doc);
  }

  @Test
  void corruptStoredSensorKindIsAnInternalError() {
    ObjectNode json = document(withSensors()).toJson();
    ((ObjectNode) json.get("sensors").get(1)).put("kind", "cron");
    assertThatThrownBy(() -> StoredManifestDocument.from(json))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "invalid manifest 01JMANIFEST: invalid field 'sensors[1].kind': expected one of push,"
                + " poll");
  }

  private static void assertShapeError(Consumer<ObjectNode> change, String field, String reason) {
    ObjectNode body = withSensors();
    change.accept(body);
    assertInvalidField(() -> parse(body), field, reason);
  }

  /** Changes the second sensor ({@code bucket-poll}) and expects {@code message}. */
  private static void assertSensorError(Consumer<ObjectNode> change, String message) {
    ObjectNode body = withSensors();
    change.accept(sensor(body, 1));
    assertInvalid(() -> parse(body), message);
  }
}
