package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static io.arco.flow.plan.PlanAssertions.assertInvalidField;
import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.model.OverlapPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

  static final String BASE =
      """
      {
        "manifestVersion": "1",
        "codeVersionId": "cv-1",
        "git": {"repository": "r", "branch": "main", "commitSha": "abc", "dirty": true},
        "assets": [
          {"key": {"namespace": "analytics", "name": "orders"}, "id": "01A",
           "description": "orders", "owners": ["data"],
           "tags": {"b": 1, "a": 2},
           "execution": {"command": ["python", "orders.py"], "queue": "etl",
                         "retry": {"maxAttempts": 5, "backoffSeconds": 10}},
           "partitioning": {"dimensions": [{"name": "date", "kind": "time", "granularity": "day"}]}},
          {"key": {"namespace": "analytics", "name": "users.daily"}, "id": "01B",
           "dependencies": [{"upstreamKey": {"namespace": "analytics", "name": "orders"},
                             "parameterName": "orders", "mapping": {"kind": "identity"}}]}
        ],
        "schedules": [
          {"id": "nightly", "cron": "0 2 * * *", "assets": ["analytics/orders"],
           "timezone": "Europe/Paris", "maxCatchupTicks": 3, "overlapPolicy": "SKIP"}
        ],
        "deployedBy": "alice",
        "metadata": {"team": "data"}
      }
      """;

  static ObjectNode base() {
    return (ObjectNode) json(BASE);
  }

  static ObjectNode asset(ObjectNode body, int i) {
    return (ObjectNode) body.get("assets").get(i);
  }

  static ObjectNode schedule(ObjectNode body, int i) {
    return (ObjectNode) body.get("schedules").get(i);
  }

  static Manifest parse(JsonNode body) {
    return ManifestParser.parse(body, "api");
  }

  @Test
  void parsesAValidManifest() {
    Manifest m = parse(base());
    assertThat(m.manifestVersion()).isEqualTo("1");
    assertThat(m.codeVersionId()).isEqualTo("cv-1");
    assertThat(m.git()).isEqualTo(new GitInfo("r", "main", "abc", "", "", true));
    assertThat(m.deployedBy()).isEqualTo("alice");
    assertThat(m.metadata()).isEqualTo(json("{\"team\":\"data\"}"));
    assertThat(m.assetKeys()).containsExactly("analytics.orders", "analytics.users.daily");

    ManifestAsset orders = m.asset("analytics.orders").orElseThrow();
    assertThat(orders.owners()).containsExactly("data");
    assertThat(orders.partitioning().dimensionNames()).containsExactly("date");
    assertThat(orders.execution())
        .isEqualTo(
            new ExecutionSpec(
                Optional.of(new ExecutionCommand.Argv(List.of("python", "orders.py"))),
                Optional.of("etl"),
                new RetryPolicy(5, 10, 900),
                300));
    assertThat(orders.opaque().tags()).contains(json("{\"b\":1,\"a\":2}"));

    ManifestAsset users = m.asset("analytics.users.daily").orElseThrow();
    assertThat(users.upstreamKeys()).containsExactly("analytics.orders");
    assertThat(users.description()).isEmpty();
    assertThat(users.execution()).isEqualTo(ExecutionSpec.DEFAULT);
    assertThat(users.partitioning()).isEqualTo(PartitionSpec.UNPARTITIONED);

    assertThat(m.schedules())
        .containsExactly(
            new ManifestSchedule(
                "nightly",
                "0 2 * * *",
                List.of("analytics/orders"),
                List.of("analytics.orders"),
                "Europe/Paris",
                Optional.empty(),
                Optional.of(3),
                Optional.of(OverlapPolicy.SKIP)));
  }

  @Test
  void defaultsApplyWhenOptionalMembersAreMissing() {
    Manifest m =
        ManifestParser.parse(
            json(
                """
                {"manifestVersion": "1", "codeVersionId": "c",
                 "assets": [{"key": {"namespace": "a", "name": "b"}, "id": "1"}],
                 "schedules": [{"id": "s", "cron": "* * * * *", "assets": ["a.b"]}]}
                """),
            "bob");
    assertThat(m.git()).isEqualTo(GitInfo.EMPTY);
    assertThat(m.deployedBy()).isEqualTo("bob");
    assertThat(m.metadata().isNull()).isTrue();
    assertThat(m.schedules().get(0).timezone()).isEqualTo("UTC");
  }

  // ---- 422 shape errors ----

  @Test
  void mistypedOrMissingMembersAreInvalidFields() {
    assertInvalidField(() -> parse(json("[]")), "$", "expected an object");
    ObjectNode b = base();
    b.remove("manifestVersion");
    assertInvalidField(() -> parse(b), "manifestVersion", "is required");
    ObjectNode c = base();
    c.put("assets", "analytics.orders");
    assertInvalidField(() -> parse(c), "assets", "expected an array");
    ObjectNode d = base();
    asset(d, 1).put("key", "analytics.users");
    assertInvalidField(() -> parse(d), "assets[1].key", "expected an object");
    ObjectNode e = base();
    ((ObjectNode) asset(e, 0).get("key")).putNull("name");
    assertInvalidField(() -> parse(e), "assets[0].key.name", "is required");
    ObjectNode f = base();
    ((ObjectNode) f.get("git")).put("dirty", "yes");
    assertInvalidField(() -> parse(f), "git.dirty", "expected a boolean");
    ObjectNode g = base();
    ((ArrayNode) asset(g, 0).get("owners")).add(3);
    assertInvalidField(() -> parse(g), "assets[0].owners[1]", "expected a string");
    ObjectNode h = base();
    ((ObjectNode) asset(h, 1).get("dependencies").get(0)).remove("upstreamKey");
    assertInvalidField(() -> parse(h), "assets[1].dependencies[0].upstreamKey", "is required");
    ObjectNode i = base();
    schedule(i, 0).put("overlapPolicy", "QUEUE");
    assertInvalidField(() -> parse(i), "schedules[0].overlapPolicy", "expected one of ALLOW, SKIP");
    ObjectNode j = base();
    schedule(j, 0).put("maxCatchupTicks", -1);
    assertInvalidField(
        () -> parse(j), "schedules[0].maxCatchupTicks", "expected a non-negative integer");
    ObjectNode k = base();
    schedule(k, 0).remove("assets");
    assertInvalidField(() -> parse(k), "schedules[0].assets", "is required");
  }

  @Test
  void shapeErrorsComeBeforeValidationErrors() {
    ObjectNode b = base();
    b.put("manifestVersion", "");
    schedule(b, 0).put("id", 7);
    assertInvalidField(() -> parse(b), "schedules[0].id", "expected a string");
  }

  // ---- 400 validation, in order ----

  @Test
  void topLevelChecksComeFirstInContractOrder() {
    ObjectNode a = base();
    a.put("manifestVersion", "  ");
    a.put("codeVersionId", "");
    assertInvalid(() -> parse(a), "manifestVersion is required");
    ObjectNode b = base();
    b.put("codeVersionId", "");
    b.putArray("assets");
    assertInvalid(() -> parse(b), "codeVersionId is required");
    ObjectNode c = base();
    c.putArray("assets");
    assertInvalid(() -> parse(c), "manifest must contain at least one asset");
  }

  @Test
  void versionsAndIdsFollowTheIdentifierRule() {
    String long257 = "v".repeat(257);
    assertTopLevelError(b -> b.put("manifestVersion", long257), "manifestVersion must be at most 256 bytes");
    assertTopLevelError(
        b -> b.put("manifestVersion", "1\u0000"), "manifestVersion contains a control character");
    assertTopLevelError(b -> b.put("codeVersionId", long257), "codeVersionId must be at most 256 bytes");
    assertTopLevelError(
        b -> b.put("codeVersionId", "cv\n1"), "codeVersionId contains a control character");
    // bytes, not characters: 129 two-byte characters are 258 bytes
    assertTopLevelError(b -> b.put("codeVersionId", "é".repeat(129)), "codeVersionId must be at most 256 bytes");
    assertScheduleError(s -> s.put("id", long257), "schedules[0].id must be at most 256 bytes");
    assertScheduleError(s -> s.put("id", "a\tb"), "schedules[0].id contains a control character");
    // the rule comes right after the "required" check, before the rest of the manifest
    assertTopLevelError(
        b -> b.put("manifestVersion", long257).put("codeVersionId", ""),
        "manifestVersion must be at most 256 bytes");

    ObjectNode exact = base();
    exact.put("codeVersionId", "é".repeat(128));
    schedule(exact, 0).put("id", "s".repeat(256));
    assertThat(parse(exact).codeVersionId()).hasSize(128);
  }

  @Test
  void aCronThatCanNeverFireIsAnInvalidField() {
    ObjectNode body = base();
    schedule(body, 0).put("cron", "0 0 30 2 *").put("timezone", "nowhere");
    assertInvalidField(() -> parse(body), "schedules[0].cron", "cron expression can never fire");
    ObjectNode second = base();
    ObjectNode copy = schedule(second, 0).deepCopy().put("id", "leap").put("cron", "0 0 0 31 4 *");
    ((ArrayNode) second.get("schedules")).add(copy);
    assertInvalidField(() -> parse(second), "schedules[1].cron", "cron expression can never fire");
    ObjectNode leap = base();
    schedule(leap, 0).put("cron", "0 0 29 2 *");
    assertThat(parse(leap).schedules().get(0).cron()).isEqualTo("0 0 29 2 *");
  }

  @Test
  void assetKeyChecksRunInContractOrder() {
    ObjectNode a = base();
    ((ObjectNode) asset(a, 0).get("key")).put("name", " ");
    asset(a, 0).put("id", "");
    assertInvalid(() -> parse(a), "asset key must include namespace and name");
    ObjectNode b = base();
    asset(b, 0).put("id", "");
    ((ObjectNode) asset(b, 0).get("key")).put("namespace", "Bad");
    assertInvalid(() -> parse(b), "asset id is required");
    ObjectNode c = base();
    ((ObjectNode) asset(c, 0).get("key")).put("namespace", "Bad");
    assertInvalid(() -> parse(c), "invalid asset key 'Bad/orders': invalid namespace 'Bad'");
    ObjectNode d = base();
    ((ObjectNode) asset(d, 1).get("key")).put("name", "orders");
    assertInvalid(() -> parse(d), "duplicate asset key in manifest");
  }

  @Test
  void dependencyMustCanonicaliseAndBeKnown() {
    ObjectNode a = base();
    ((ObjectNode) asset(a, 1).get("dependencies").get(0).get("upstreamKey")).put("name", "Orders");
    assertInvalid(() -> parse(a), "invalid asset key 'analytics/Orders': invalid name 'Orders'");
    ObjectNode b = base();
    ((ObjectNode) asset(b, 1).get("dependencies").get(0).get("upstreamKey")).put("name", "missing");
    assertInvalid(
        () -> parse(b),
        "asset 'analytics.users.daily' depends on unknown asset 'analytics.missing'");
  }

  @Test
  void dependencyCycleIsRefusedAfterUnknownDependencies() {
    ObjectNode a = base();
    asset(a, 0)
        .putArray("dependencies")
        .addObject()
        .putObject("upstreamKey")
        .put("namespace", "analytics")
        .put("name", "users.daily");
    assertInvalid(
        () -> parse(a),
        "dependency cycle in manifest: analytics.orders -> analytics.users.daily ->"
            + " analytics.orders");
    ((ObjectNode) asset(a, 1).get("dependencies").get(0).get("upstreamKey")).put("name", "missing");
    assertInvalid(
        () -> parse(a),
        "asset 'analytics.users.daily' depends on unknown asset 'analytics.missing'");
  }

  @Test
  void selfDependencyIsACycle() {
    ObjectNode a = base();
    asset(a, 0)
        .putArray("dependencies")
        .addObject()
        .putObject("upstreamKey")
        .put("namespace", "analytics")
        .put("name", "orders");
    assertInvalid(
        () -> parse(a), "dependency cycle in manifest: analytics.orders -> analytics.orders");
  }

  @Test
  void cycleComesBeforeScheduleChecks() {
    ObjectNode a = base();
    asset(a, 0)
        .putArray("dependencies")
        .addObject()
        .putObject("upstreamKey")
        .put("namespace", "analytics")
        .put("name", "orders");
    schedule(a, 0).put("cron", "bad");
    assertInvalid(
        () -> parse(a), "dependency cycle in manifest: analytics.orders -> analytics.orders");
  }

  @Test
  void scheduleChecksUseTheContractMessages() {
    assertScheduleError(s -> s.put("id", " "), "schedule id is required");
    assertScheduleError(s -> s.put("cron", ""), "schedule cron is required");
    assertScheduleError(
        s -> s.put("cron", "* * * *"),
        "schedule cron must have 5 fields (min..dow) or 6 fields (sec..dow)");
    assertScheduleError(s -> s.put("cron", "0 25 * * *"), "invalid schedule cron");
    assertScheduleError(s -> s.put("timezone", "Mars/Olympus"), "invalid schedule timezone");
    assertScheduleError(s -> s.put("timezone", "+02:00"), "invalid schedule timezone");
    assertScheduleError(s -> s.putArray("assets"), "schedule must include at least one asset");
    assertScheduleError(
        s -> s.putArray("assets").add("analytics orders"), "asset key cannot contain whitespace");
    assertScheduleError(
        s -> s.putArray("assets").add("analytics/missing"),
        "schedule 'nightly' references unknown asset 'analytics.missing'");
    assertScheduleError(
        s -> s.put("maxCatchupTicks", 0),
        "schedule 'nightly' has invalid maxCatchupTicks: must be >= 1");
  }

  @Test
  void scheduleChecksStopAtTheFirstFailure() {
    assertScheduleError(
        s -> s.put("cron", "0 2 * *").put("timezone", "nowhere"),
        "schedule cron must have 5 fields (min..dow) or 6 fields (sec..dow)");
    assertScheduleError(
        s -> s.put("timezone", "nowhere").putArray("assets"), "invalid schedule timezone");
    assertScheduleError(s -> s.put("id", "").put("cron", ""), "schedule id is required");
    ObjectNode body = base();
    ObjectNode copy = schedule(body, 0).deepCopy();
    copy.putArray("assets").add("analytics.missing");
    ((ArrayNode) body.get("schedules")).add(copy);
    assertInvalid(
        () -> parse(body), "schedule 'nightly' references unknown asset 'analytics.missing'");
  }

  @Test
  void sixFieldCronWithSecondsIsAccepted() {
    ObjectNode a = base();
    schedule(a, 0).put("cron", "30 0 2 * * 0");
    assertThat(parse(a).schedules().get(0).cron()).isEqualTo("30 0 2 * * 0");
  }

  @Test
  void duplicateScheduleIdIsRefused() {
    ObjectNode a = base();
    ((ArrayNode) a.get("schedules")).add(schedule(a, 0).deepCopy());
    assertInvalid(() -> parse(a), "duplicate schedule id in manifest");
  }

  @Test
  void executionChecksComeLast() {
    ObjectNode a = base();
    ((ObjectNode) asset(a, 0).get("execution")).put("heartbeatTimeoutSeconds", 10);
    schedule(a, 0).put("timezone", "nowhere");
    assertInvalid(() -> parse(a), "invalid schedule timezone");
    schedule(a, 0).put("timezone", "UTC");
    assertInvalid(
        () -> parse(a),
        "asset 'analytics.orders' has invalid execution.heartbeatTimeoutSeconds: must be >= 30");
  }

  @Test
  void badRetryPolicyIsRefusedWithItsReason() {
    assertExecutionError(
        "{\"retry\": {\"maxAttempts\": 0}}",
        "asset 'analytics.orders' has invalid execution.retry: maxAttempts must be an integer"
            + " between 1 and 100");
    assertExecutionError(
        "{\"retry\": {\"maxAttempts\": 101}}",
        "asset 'analytics.orders' has invalid execution.retry: maxAttempts must be an integer"
            + " between 1 and 100");
    assertExecutionError(
        "{\"retry\": {\"maxAttempts\": 2.5}}",
        "asset 'analytics.orders' has invalid execution.retry: maxAttempts must be an integer"
            + " between 1 and 100");
    assertExecutionError(
        "{\"retry\": {\"backoffSeconds\": -1}}",
        "asset 'analytics.orders' has invalid execution.retry: backoffSeconds must be an integer"
            + " between 0 and 86400");
    assertExecutionError(
        "{\"retry\": {\"maxBackoffSeconds\": \"900\"}}",
        "asset 'analytics.orders' has invalid execution.retry: maxBackoffSeconds must be an integer"
            + " between 0 and 86400");
    assertExecutionError(
        "{\"retry\": {\"backoffSeconds\": 60, \"maxBackoffSeconds\": 30}}",
        "asset 'analytics.orders' has invalid execution.retry: maxBackoffSeconds must be >="
            + " backoffSeconds");
    assertExecutionError(
        "{\"retry\": 3}",
        "asset 'analytics.orders' has invalid execution.retry: must be an object");
  }

  @Test
  void badCommandQueueOrHeartbeatIsRefusedWithItsReason() {
    assertExecutionError(
        "\"run.sh\"", "asset 'analytics.orders' has invalid execution: must be an object");
    assertExecutionError(
        "{\"command\": []}",
        "asset 'analytics.orders' has invalid execution.command: must be a non-empty string or a"
            + " non-empty array of strings");
    assertExecutionError(
        "{\"command\": [\"python\", 1]}",
        "asset 'analytics.orders' has invalid execution.command: must be a non-empty string or a"
            + " non-empty array of strings");
    assertExecutionError(
        "{\"queue\": \"\"}",
        "asset 'analytics.orders' has invalid execution.queue: must be a non-empty string");
    assertExecutionError(
        "{\"heartbeatTimeoutSeconds\": 29}",
        "asset 'analytics.orders' has invalid execution.heartbeatTimeoutSeconds: must be >= 30");
    assertExecutionError(
        "{\"heartbeatTimeoutSeconds\": \"60\"}",
        "asset 'analytics.orders' has invalid execution.heartbeatTimeoutSeconds: must be an"
            + " integer");
    assertExecutionError(
        "{\"heartbeatTimeoutSeconds\": 86071}",
        "asset 'analytics.orders' has invalid execution.heartbeatTimeoutSeconds: must be <= 86070");
  }

  @Test
  void shellCommandAndNullMembersAreAccepted() {
    ObjectNode a = base();
    asset(a, 0)
        .set("execution", json("{\"command\": \"make orders\", \"queue\": null, \"retry\": null}"));
    ExecutionSpec spec = parse(a).asset("analytics.orders").orElseThrow().execution();
    assertThat(spec.command()).contains(new ExecutionCommand.Shell("make orders"));
    assertThat(spec.queue()).isEmpty();
    assertThat(spec.retry()).isEqualTo(RetryPolicy.DEFAULT);
  }

  @Test
  void fingerprintIgnoresMemberOrderOfOpaqueValuesAndDeployedBy() {
    ObjectNode a = base();
    ObjectNode b = base();
    asset(b, 0).set("tags", json("{\"a\": 2, \"b\": 1}"));
    b.put("deployedBy", "someone else");
    assertThat(parse(a).fingerprint()).isEqualTo(parse(b).fingerprint());
  }

  @Test
  void fingerprintIgnoresAssetAndScheduleOrder() {
    ObjectNode a = base();
    ObjectNode b = base();
    ArrayNode assets = (ArrayNode) b.get("assets");
    JsonNode first = assets.remove(0);
    assets.add(first);
    assertThat(parse(a).fingerprint()).isEqualTo(parse(b).fingerprint());
  }

  @Test
  void fingerprintChangesWithContent() {
    ObjectNode a = base();
    ObjectNode b = base();
    asset(b, 1).put("description", "changed");
    ObjectNode c = base();
    schedule(c, 0).put("maxCatchupTicks", 4);
    ObjectNode d = base();
    d.set("metadata", json("{\"team\": \"ops\"}"));
    assertThat(parse(a).fingerprint())
        .isNotEqualTo(parse(b).fingerprint())
        .isNotEqualTo(parse(c).fingerprint())
        .isNotEqualTo(parse(d).fingerprint())
        .matches("[0-9a-f]{64}");
  }

  @Test
  void fingerprintHashesTheDocumentedLayout() {
    Manifest m =
        parse(
            json(
                """
                {"manifestVersion": "1", "codeVersionId": "c",
                 "assets": [{"key": {"namespace": "a", "name": "b"}, "id": "1", "tags": {"z": 1, "y": [{"d": 1, "c": 2}]}}]}
                """));
    String expected =
        "{\"manifestVersion\":\"1\",\"codeVersionId\":\"c\",\"git\":{\"repository\":\"\",\"branch\":\"\","
            + "\"commitSha\":\"\",\"commitMessage\":\"\",\"author\":\"\",\"dirty\":false},"
            + "\"assets\":[{\"key\":{\"namespace\":\"a\",\"name\":\"b\"},\"id\":\"1\",\"description\":\"\","
            + "\"owners\":[],\"tags\":{\"y\":[{\"c\":2,\"d\":1}],\"z\":1},\"dependencies\":[],\"checks\":[]}],"
            + "\"schedules\":[],\"metadata\":null}";
    assertThat(m.fingerprint()).isEqualTo(io.arco.flow.model.Ids.sha256Hex(expected));
  }

  private static void assertScheduleError(
      java.util.function.Consumer<ObjectNode> change, String message) {
    ObjectNode body = base();
    change.accept(schedule(body, 0));
    assertInvalid(() -> parse(body), message);
  }

  private static void assertTopLevelError(
      java.util.function.Consumer<ObjectNode> change, String message) {
    ObjectNode body = base();
    change.accept(body);
    assertInvalid(() -> parse(body), message);
  }

  private static void assertExecutionError(String execution, String message) {
    ObjectNode body = base();
    asset(body, 0).set("execution", json(execution));
    assertInvalid(() -> parse(body), message);
  }
}
