package io.arco.api.manifest;

import static io.arco.api.testing.ApiAssertions.assertBadRequest;
import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.ApiAssertions.assertInvalidField;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static io.arco.api.testing.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /manifests} over HTTP (api-contract §2, decisions §6.2, §6.10, flow-model §0.3.13): deploy
 * answers, every deploy validation message in order, idempotent replays, list, get and which
 * manifest runs are planned against.
 */
class ManifestHttpTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Resp deploy(Object body) {
    return server.post(server.ws() + "/manifests", body);
  }

  private Resp deploy(Object body, String idempotencyKey) {
    return server.post(server.ws() + "/manifests", body, Map.of("Idempotency-Key", idempotencyKey));
  }

  /** A valid manifest: a → b, and a schedule on b. */
  private static Map<String, Object> valid() {
    Map<String, Object> m = manifest(asset("analytics.a"), asset("analytics.b", "analytics.a"));
    m.put("schedules", new ArrayList<>(List.of(schedule("daily", "0 6 * * *", "analytics.b"))));
    return m;
  }

  private static Map<String, Object> schedule(String id, String cron, String... assets) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", id);
    s.put("cron", cron);
    s.put("assets", List.of(assets));
    return s;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> assets(Map<String, Object> m) {
    return (List<Map<String, Object>>) m.get("assets");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> schedules(Map<String, Object> m) {
    return (List<Map<String, Object>>) m.get("schedules");
  }

  private static Map<String, Object> key(String namespace, String name) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("namespace", namespace);
    k.put("name", name);
    return k;
  }

  private static Map<String, Object> dependsOn(String namespace, String name) {
    return Map.of("upstreamKey", key(namespace, name));
  }

  // ---- deploy ----------------------------------------------------------------------------------

  @Test
  void deployAnswersCreatedWithTheManifestSummary() {
    Resp r = deploy(valid());
    assertStatus(r, 201);
    JsonNode b = r.body();
    assertThat(b.get("manifestId").asText()).hasSize(26);
    assertThat(b.get("workspaceId").asText()).isEqualTo("w1");
    assertThat(b.get("codeVersionId").asText()).isEqualTo("code-1");
    assertThat(b.get("fingerprint").asText()).matches("[0-9a-f]{64}");
    assertThat(b.get("assetCount").asInt()).isEqualTo(2);
    assertThat(b.get("deployedAt").asText()).isEqualTo(TestServer.START.toString());
    List<String> fields = new ArrayList<>();
    b.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "manifestId", "workspaceId", "codeVersionId", "fingerprint", "assetCount", "deployedAt");
  }

  @Test
  void sameManifestDeployedTwiceWithoutAKeyIsTwoManifestsWithOneFingerprint() {
    Resp first = deploy(valid());
    Resp second = deploy(valid());
    assertStatus(first, 201);
    assertStatus(second, 201);
    assertThat(second.body().get("manifestId")).isNotEqualTo(first.body().get("manifestId"));
    assertThat(second.body().get("fingerprint")).isEqualTo(first.body().get("fingerprint"));
  }

  // ---- validation ------------------------------------------------------------------------------

  static Stream<Arguments> invalidManifests() {
    return Stream.of(
        invalid("blank manifestVersion", m -> m.put("manifestVersion", " "), "manifestVersion is required"),
        invalid("empty codeVersionId", m -> m.put("codeVersionId", ""), "codeVersionId is required"),
        invalid("no assets", m -> m.put("assets", List.of()), "manifest must contain at least one asset"),
        invalid(
            "blank namespace",
            m -> assets(m).get(0).put("key", key("", "a")),
            "asset key must include namespace and name"),
        invalid(
            "blank name",
            m -> assets(m).get(1).put("key", key("analytics", "  ")),
            "asset key must include namespace and name"),
        invalid("blank id", m -> assets(m).get(0).put("id", " "), "asset id is required"),
        invalid(
            "upper-case namespace",
            m -> assets(m).get(0).put("key", key("Analytics", "a")),
            "invalid asset key 'Analytics/a': invalid namespace 'Analytics'"),
        invalid(
            "dotted namespace",
            m -> assets(m).get(0).put("key", key("a.b", "c")),
            "invalid asset key 'a.b/c': invalid namespace 'a.b'"),
        invalid(
            "empty name segment",
            m -> assets(m).get(0).put("key", key("analytics", "users..daily")),
            "invalid asset key 'analytics/users..daily': invalid name 'users..daily'"),
        invalid(
            "whitespace inside the name",
            m -> assets(m).get(0).put("key", key("analytics", "my a")),
            "asset key cannot contain whitespace"),
        invalid(
            "duplicate key",
            m -> assets(m).add(asset("analytics.a")),
            "duplicate asset key in manifest"),
        invalid(
            "duplicate key written differently",
            m -> assets(m).add(with(asset("analytics.x"), "key", key("analytics", "b"))),
            "duplicate asset key in manifest"),
        invalid(
            "invalid dependency key",
            m -> assets(m).get(1).put("dependencies", List.of(dependsOn("analytics", "A"))),
            "invalid asset key 'analytics/A': invalid name 'A'"),
        invalid(
            "unknown dependency",
            m -> assets(m).get(1).put("dependencies", List.of(dependsOn("analytics", "zz"))),
            "asset 'analytics.b' depends on unknown asset 'analytics.zz'"),
        invalid(
            "self dependency",
            m -> assets(m).get(0).put("dependencies", List.of(dependsOn("analytics", "a"))),
            "dependency cycle in manifest: analytics.a -> analytics.a"),
        invalid(
            "two-asset cycle",
            m -> assets(m).get(0).put("dependencies", List.of(dependsOn("analytics", "b"))),
            "dependency cycle in manifest: analytics.a -> analytics.b -> analytics.a"),
        invalid(
            "three-asset cycle rotated to its smallest key",
            m -> {
              assets(m).add(asset("analytics.c", "analytics.b"));
              assets(m).get(0).put("dependencies", List.of(dependsOn("analytics", "c")));
            },
            "dependency cycle in manifest: analytics.a -> analytics.c -> analytics.b -> analytics.a"),
        invalid("blank schedule id", m -> schedules(m).get(0).put("id", ""), "schedule id is required"),
        invalid("blank cron", m -> schedules(m).get(0).put("cron", " "), "schedule cron is required"),
        invalid(
            "three cron fields",
            m -> schedules(m).get(0).put("cron", "* * *"),
            "schedule cron must have 5 fields (min..dow) or 6 fields (sec..dow)"),
        invalid(
            "seven cron fields",
            m -> schedules(m).get(0).put("cron", "0 0 6 * * * 2025"),
            "schedule cron must have 5 fields (min..dow) or 6 fields (sec..dow)"),
        invalid("minute 61", m -> schedules(m).get(0).put("cron", "61 6 * * *"), "invalid schedule cron"),
        invalid("garbage cron", m -> schedules(m).get(0).put("cron", "a b c d e"), "invalid schedule cron"),
        invalid(
            "unknown timezone",
            m -> schedules(m).get(0).put("timezone", "Mars/Olympus_Mons"),
            "invalid schedule timezone"),
        invalid(
            "offset timezone",
            m -> schedules(m).get(0).put("timezone", "+02:00"),
            "invalid schedule timezone"),
        invalid(
            "schedule without assets",
            m -> schedules(m).get(0).put("assets", List.of()),
            "schedule must include at least one asset"),
        invalid(
            "schedule with an invalid asset key",
            m -> schedules(m).get(0).put("assets", List.of("analytics.b", "Analytics.b")),
            "invalid asset key 'Analytics.b': invalid namespace 'Analytics'"),
        invalid(
            "schedule with an unknown asset",
            m -> schedules(m).get(0).put("assets", List.of("analytics/zz")),
            "schedule 'daily' references unknown asset 'analytics.zz'"),
        invalid(
            "duplicate schedule id",
            m -> schedules(m).add(schedule("daily", "0 7 * * *", "analytics.a")),
            "duplicate schedule id in manifest"),
        invalid(
            "retry maxAttempts 0",
            m -> assets(m).get(1).put("execution", Map.of("retry", Map.of("maxAttempts", 0))),
            "asset 'analytics.b' has invalid execution.retry: maxAttempts must be an integer between 1 and 100"),
        invalid(
            "retry maxAttempts 101",
            m -> assets(m).get(1).put("execution", Map.of("retry", Map.of("maxAttempts", 101))),
            "asset 'analytics.b' has invalid execution.retry: maxAttempts must be an integer between 1 and 100"),
        invalid(
            "retry not an object",
            m -> assets(m).get(1).put("execution", Map.of("retry", 3)),
            "asset 'analytics.b' has invalid execution.retry: must be an object"),
        invalid(
            "retry max backoff below backoff",
            m ->
                assets(m)
                    .get(1)
                    .put(
                        "execution",
                        Map.of("retry", Map.of("backoffSeconds", 60, "maxBackoffSeconds", 30))),
            "asset 'analytics.b' has invalid execution.retry: maxBackoffSeconds must be >= backoffSeconds"),
        invalid(
            "heartbeat timeout below 30",
            m -> assets(m).get(0).put("execution", Map.of("heartbeatTimeoutSeconds", 29)),
            "asset 'analytics.a' has invalid execution.heartbeatTimeoutSeconds: must be >= 30"));
  }

  private static Arguments invalid(String what, Consumer<Map<String, Object>> change, String message) {
    return Arguments.of(what, change, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void invalidManifestIsRejectedWithTheContractMessage(
      String what, Consumer<Map<String, Object>> change, String message) {
    Map<String, Object> m = valid();
    change.accept(m);
    assertBadRequest(deploy(m), message);
    Resp list = server.get(server.ws() + "/manifests");
    assertThat(list.body().get("manifests")).as("a refused manifest is not stored").isEmpty();
  }

  @Test
  void validationMessagesArriveInTheContractsOrder() {
    Map<String, Object> m = valid();
    m.put("manifestVersion", "");
    m.put("codeVersionId", "");
    assets(m).get(0).put("key", key("", "a"));
    assets(m).get(0).put("id", "");
    assets(m).get(0).put("execution", Map.of("heartbeatTimeoutSeconds", 1));
    assets(m).get(1).put("id", "");
    assets(m).get(1).put("dependencies", List.of(dependsOn("analytics", "zz")));
    assets(m).add(asset("analytics.c", "analytics.c"));
    schedules(m).get(0).put("cron", "bad");
    schedules(m).add(schedule("", "0 6 * * *", "analytics.a"));

    assertBadRequest(deploy(m), "manifestVersion is required");
    m.put("manifestVersion", "v1");
    assertBadRequest(deploy(m), "codeVersionId is required");
    m.put("codeVersionId", "code-1");
    assertBadRequest(deploy(m), "asset key must include namespace and name");
    assets(m).get(0).put("key", key("analytics", "a"));
    assertBadRequest(deploy(m), "asset id is required");
    assets(m).get(0).put("id", "id-a");
    assertBadRequest(deploy(m), "asset id is required");
    assets(m).get(1).put("id", "id-b");
    assertBadRequest(deploy(m), "asset 'analytics.b' depends on unknown asset 'analytics.zz'");
    assets(m).get(1).put("dependencies", List.of(dependsOn("analytics", "a")));
    assertBadRequest(deploy(m), "dependency cycle in manifest: analytics.c -> analytics.c");
    assets(m).set(2, asset("analytics.c", "analytics.b"));
    assertBadRequest(
        deploy(m), "schedule cron must have 5 fields (min..dow) or 6 fields (sec..dow)");
    schedules(m).get(0).put("cron", "0 6 * * *");
    assertBadRequest(deploy(m), "schedule id is required");
    schedules(m).remove(1);
    assertBadRequest(
        deploy(m), "asset 'analytics.a' has invalid execution.heartbeatTimeoutSeconds: must be >= 30");
    assets(m).get(0).remove("execution");
    assertStatus(deploy(m), 201);
  }

  static Stream<Arguments> manifestsThatCouldOnlyFailLater() {
    return Stream.of(
        Arguments.of(
            "partitioning that is not an object",
            (Consumer<Map<String, Object>>) m -> assets(m).get(0).put("partitioning", "garbage"),
            "assets[0].partitioning",
            "expected an object"),
        Arguments.of(
            "empty dimensions",
            (Consumer<Map<String, Object>>)
                m -> assets(m).get(1).put("partitioning", Map.of("dimensions", List.of())),
            "assets[1].partitioning.dimensions",
            "must not be empty"),
        Arguments.of(
            "granularity second",
            (Consumer<Map<String, Object>>)
                m ->
                    assets(m)
                        .get(0)
                        .put(
                            "partitioning",
                            Map.of(
                                "dimensions",
                                List.of(Map.of("name", "ts", "kind", "time", "granularity", "second")))),
            "assets[0].partitioning.dimensions[0].granularity",
            "time dimension 'ts' granularity must be one of hour, day, week, month"),
        Arguments.of(
            "a cron for 30 February",
            (Consumer<Map<String, Object>>) m -> schedules(m).get(0).put("cron", "0 0 30 2 *"),
            "schedules[0].cron",
            "cron expression can never fire"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifestsThatCouldOnlyFailLater")
  void aManifestThatCouldOnlyFailLaterIsRefusedAtDeployWith422AndItsFieldPath(
      String what, Consumer<Map<String, Object>> change, String field, String reason) {
    Map<String, Object> m = valid();
    change.accept(m);
    assertInvalidField(deploy(m), field, reason);
    assertThat(server.get(server.ws() + "/manifests").body().get("manifests"))
        .as("a refused manifest is not stored")
        .isEmpty();
    assertThat(server.get(server.ws() + "/schedules").body().get("schedules")).isEmpty();
  }

  @Test
  void aScheduleCronThatCanNeverFireIsRefusedOnUpsertToo() {
    assertStatus(deploy(valid()), 201);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cronExpression", "0 0 31 4 *");
    body.put("timezone", "UTC");
    body.put("catchupWindowMinutes", 0);
    body.put("maxCatchupTicks", 1);
    body.put("enabled", true);
    body.put("assetSelection", List.of("analytics.a"));
    assertInvalidField(
        server.put(server.ws() + "/schedules/april-31", body),
        "cronExpression",
        "cron expression can never fire");
    assertStatus(server.get(server.ws() + "/schedules/april-31"), 404);
    body.put("cronExpression", "0 0 29 2 *");
    assertStatus(server.put(server.ws() + "/schedules/leap-day", body), 201);
  }

  @Test
  void unixCronFormsAndIanaTimezonesAreAccepted() {
    Map<String, Object> m = valid();
    schedules(m).clear();
    schedules(m).add(schedule("five", "*/15 6-18 * * 1-5", "analytics.a"));
    schedules(m).add(schedule("six", "30 0 6 * * *", "analytics.a"));
    schedules(m).add(schedule("sunday-0", "0 6 * * 0", "analytics.b"));
    schedules(m).add(schedule("sunday-7", "0 6 * * 7", "analytics.b"));
    schedules(m).get(0).put("timezone", "America/New_York");
    assertStatus(deploy(m), 201);
  }

  @Test
  void missingOrMistypedManifestFieldsAreUnprocessable() {
    Map<String, Object> noVersion = valid();
    noVersion.remove("manifestVersion");
    assertInvalidField(deploy(noVersion), "manifestVersion", "is required");
    Map<String, Object> noAssets = valid();
    noAssets.remove("assets");
    assertInvalidField(deploy(noAssets), "assets", "is required");
    Map<String, Object> numericId = valid();
    assets(numericId).get(1).put("id", 7);
    assertInvalidField(deploy(numericId), "assets[1].id", "expected a string");
    Map<String, Object> keyless = valid();
    assets(keyless).get(0).put("key", Map.of("namespace", "analytics"));
    assertInvalidField(deploy(keyless), "assets[0].key.name", "is required");
    Map<String, Object> scheduleAssets = valid();
    schedules(scheduleAssets).get(0).put("assets", "analytics.b");
    assertInvalidField(deploy(scheduleAssets), "schedules[0].assets", "expected an array");
  }

  // ---- idempotency -----------------------------------------------------------------------------

  @Test
  void replayWithTheSameIdempotencyKeyAnswersTheFirstDeploy() {
    Resp first = deploy(valid(), "deploy-1");
    assertStatus(first, 201);
    server.advance(Duration.ofSeconds(5));
    Resp replay = deploy(valid(), "deploy-1");
    assertStatus(replay, 200);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(server.get(server.ws() + "/manifests").body().get("manifests")).hasSize(1);
  }

  @Test
  void reusingAnIdempotencyKeyForADifferentManifestConflicts() {
    assertStatus(deploy(valid(), "deploy-2"), 201);
    Map<String, Object> other = valid();
    other.put("codeVersionId", "code-2");
    assertError(
        deploy(other, "deploy-2"), 409, "CONFLICT", "idempotency key already used for a different manifest");
    assertThat(server.get(server.ws() + "/manifests").body().get("manifests")).hasSize(1);
  }

  @Test
  void replayOfAnOlderManifestDoesNotMakeItTheLatest() {
    Resp old = deploy(manifest(asset("analytics.old")), "old");
    assertStatus(old, 201);
    server.advance(Duration.ofSeconds(1));
    assertStatus(deploy(manifest(asset("analytics.new"))), 201);
    assertStatus(deploy(manifest(asset("analytics.old")), "old"), 200);
    assertBadRequest(
        server.post(server.ws() + "/runs", trigger("analytics.old")), "unknown asset keys: analytics.old");
    assertStatus(server.post(server.ws() + "/runs", trigger("analytics.new")), 201);
  }

  @Test
  void idempotencyKeysAreScopedToTheWorkspace() {
    assertStatus(deploy(valid(), "shared"), 201);
    Map<String, Object> other = valid();
    other.put("codeVersionId", "code-other");
    Resp r =
        server.post(
            "/api/v1/workspaces/w2/manifests",
            other,
            Map.of("X-Workspace-Id", "w2", "Idempotency-Key", "shared"));
    assertStatus(r, 201);
    assertThat(r.body().get("workspaceId").asText()).isEqualTo("w2");
  }

  // ---- list and get ----------------------------------------------------------------------------

  @Test
  void listIsNewestFirstWithEmptyGitFieldsWhenNotGiven() {
    Resp first = deploy(valid());
    server.advance(Duration.ofMillis(1500));
    Map<String, Object> withGit = manifest(asset("analytics.z"));
    withGit.put("codeVersionId", "code-2");
    withGit.put("git", Map.of("branch", "main", "commitSha", "abc123", "dirty", true));
    withGit.put("deployedBy", "ci-bot");
    Resp second = deploy(withGit);
    server.advance(Duration.ofSeconds(1));
    Resp third = deploy(valid());

    JsonNode list = server.get(server.ws() + "/manifests").body().get("manifests");
    assertThat(list).hasSize(3);
    assertThat(list.get(0).get("manifestId")).isEqualTo(third.body().get("manifestId"));
    assertThat(list.get(1).get("manifestId")).isEqualTo(second.body().get("manifestId"));
    assertThat(list.get(2).get("manifestId")).isEqualTo(first.body().get("manifestId"));

    JsonNode git = list.get(1);
    List<String> fields = new ArrayList<>();
    git.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "manifestId",
            "codeVersionId",
            "fingerprint",
            "assetCount",
            "gitBranch",
            "gitCommit",
            "deployedAt",
            "deployedBy");
    assertThat(git.get("codeVersionId").asText()).isEqualTo("code-2");
    assertThat(git.get("fingerprint")).isEqualTo(second.body().get("fingerprint"));
    assertThat(git.get("assetCount").asInt()).isEqualTo(1);
    assertThat(git.get("gitBranch").asText()).isEqualTo("main");
    assertThat(git.get("gitCommit").asText()).isEqualTo("abc123");
    assertThat(git.get("deployedAt").asText()).isEqualTo("2026-01-01T00:00:01.500Z");
    assertThat(git.get("deployedBy").asText()).isEqualTo("ci-bot");

    JsonNode plain = list.get(2);
    assertThat(plain.get("gitBranch").isTextual()).isTrue();
    assertThat(plain.get("gitBranch").asText()).isEmpty();
    assertThat(plain.get("gitCommit").isTextual()).isTrue();
    assertThat(plain.get("gitCommit").asText()).isEmpty();
    assertThat(plain.get("deployedBy").asText()).isEqualTo("alice");
  }

  @Test
  void emptyWorkspaceListsNoManifests() {
    Resp r = server.get(server.ws() + "/manifests");
    assertStatus(r, 200);
    assertThat(r.body().get("manifests").isArray()).isTrue();
    assertThat(r.body().get("manifests")).isEmpty();
  }

  @Test
  void getByIdEchoesOpaqueFieldsVerbatim() throws Exception {
    String json =
        """
        {"manifestVersion":"2025.01","codeVersionId":"abc",
         "git":{"repository":"r","branch":"b","commitSha":"c","commitMessage":"m","author":"me","dirty":false},
         "assets":[
          {"key":{"namespace":"analytics","name":"users"},"id":"01J0","description":"Users",
           "owners":["team-a"],"tags":{"z":1,"a":[true,null,{"y":"x"}]},"code":{"module":"m","fn":"f"},
           "execution":{"command":["echo","hi"],"queue":"gpu","custom":{"k":1.5}},
           "resources":{"cpu":2},"io":{"format":"delta"},
           "partitioning":{"is_partitioned":true,"dimensions":[{"name":"date","kind":"time","granularity":"day"}]},
           "dependencies":[],"checks":[{"name":"not_null"}],"transformFingerprint":"tf1"},
          {"key":{"namespace":"analytics","name":"orders"},"id":"01J1",
           "dependencies":[{"upstreamKey":{"namespace":"analytics","name":"users"},"parameterName":"users","mapping":{"kind":"identity"}}]}
         ],
         "schedules":[{"id":"nightly","cron":"0 3 * * *","assets":["analytics/orders"],"timezone":"Europe/Paris"}],
         "metadata":{"source":"ci","n":[1,2,3]},
         "unknownTopLevel":"ignored"}
        """;
    JsonNode sent = Json.MAPPER.readTree(json);
    Resp created = deploy(json);
    assertStatus(created, 201);
    String id = created.body().get("manifestId").asText();

    Resp r = server.get(server.ws() + "/manifests/" + id);
    assertStatus(r, 200);
    JsonNode doc = r.body();
    List<String> fields = new ArrayList<>();
    doc.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
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
            "deployedAt",
            "deployedBy",
            "metadata");
    assertThat(doc.get("manifestId").asText()).isEqualTo(id);
    assertThat(doc.get("tenantId").asText()).isEqualTo("t1");
    assertThat(doc.get("workspaceId").asText()).isEqualTo("w1");
    assertThat(doc.get("fingerprint")).isEqualTo(created.body().get("fingerprint"));
    assertThat(doc.get("deployedAt")).isEqualTo(created.body().get("deployedAt"));
    assertThat(doc.get("deployedBy").asText()).isEqualTo("alice");
    assertThat(doc.get("git")).isEqualTo(sent.get("git"));
    assertThat(doc.get("metadata")).isEqualTo(sent.get("metadata"));
    JsonNode users = doc.get("assets").get(0);
    JsonNode sentUsers = sent.get("assets").get(0);
    for (String f :
        List.of(
            "key", "id", "description", "owners", "tags", "code", "execution", "resources", "io",
            "partitioning", "checks", "transformFingerprint")) {
      assertThat(users.get(f)).as(f).isEqualTo(sentUsers.get(f));
    }
    assertThat(doc.get("assets").get(1).get("dependencies"))
        .isEqualTo(sent.get("assets").get(1).get("dependencies"));
    JsonNode schedule = doc.get("schedules").get(0);
    assertThat(schedule.get("assets").get(0).asText()).isEqualTo("analytics/orders");
    assertThat(schedule.get("timezone").asText()).isEqualTo("Europe/Paris");
    assertThat(doc.has("unknownTopLevel")).isFalse();
  }

  @Test
  void absentOptionalFieldsGetTheirDefaults() {
    Resp created = deploy(manifest(asset("analytics.a")));
    JsonNode doc = server.get(server.ws() + "/manifests/" + created.body().get("manifestId").asText()).body();
    assertThat(doc.get("git").toString())
        .isEqualTo(
            "{\"repository\":\"\",\"branch\":\"\",\"commitSha\":\"\",\"commitMessage\":\"\",\"author\":\"\",\"dirty\":false}");
    assertThat(doc.get("schedules")).isEmpty();
    assertThat(doc.get("metadata").isNull()).isTrue();
    assertThat(doc.get("assets").get(0).get("description").asText()).isEmpty();
  }

  @Test
  void unknownManifestIsNotFound() {
    assertError(
        server.get(server.ws() + "/manifests/01HNOPE"), 404, "NOT_FOUND", "manifest not found: 01HNOPE");
  }

  @Test
  void manifestOfAnotherWorkspaceIsNotFound() {
    String id = deploy(valid()).body().get("manifestId").asText();
    Resp r =
        server.post("/api/v1/workspaces/w2/runs", trigger("analytics.a"), Map.of("X-Workspace-Id", "w2"));
    assertBadRequest(r, "no manifest deployed for workspace; deploy a manifest before triggering a run");
    String ws2 = "/api/v1/workspaces/w2/manifests/" + id;
    Resp other =
        server.send(
            "GET", ws2, null, Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w2"));
    assertError(other, 404, "NOT_FOUND", "manifest not found: " + id);
  }

  // ---- latest manifest -------------------------------------------------------------------------

  @Test
  void runsArePlannedAgainstTheLatestManifest() {
    deploy(manifest(asset("analytics.a"), asset("analytics.b", "analytics.a")));
    server.advance(Duration.ofSeconds(1));
    Map<String, Object> second = manifest(asset("analytics.b"), asset("analytics.c", "analytics.b"));
    second.put("codeVersionId", "code-" + SEQ.incrementAndGet());
    assertStatus(deploy(second), 201);

    assertBadRequest(
        server.post(server.ws() + "/runs", trigger("analytics.a")), "unknown asset keys: analytics.a");
    Map<String, Object> t = trigger("analytics.b");
    t.put("includeDownstream", true);
    Resp run = server.post(server.ws() + "/runs", t);
    assertStatus(run, 201);
    JsonNode view = server.get(server.ws() + "/runs/" + run.body().get("runId").asText()).body();
    List<String> keys = new ArrayList<>();
    view.get("tasks").forEach(task -> keys.add(task.get("taskKey").asText()));
    assertThat(keys).containsExactly("analytics.b", "analytics.c");
    assertThat(view.get("codeVersion").asText()).isEqualTo(second.get("codeVersionId"));
  }
}
