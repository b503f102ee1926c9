package io.arco.api.run;

import static io.arco.api.testing.ApiAssertions.assertBadRequest;
import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.ApiAssertions.assertInvalidField;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.api.testing.Worker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /runs} over HTTP (api-contract §3.1, §6, §7): every validation error with its exact
 * status, code and message, in the contract's order; run_key safety of failed requests; selection
 * canonicalisation and closure; partition keys on the planned tasks.
 */
class TriggerValidationHttpTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static TestServer server;

  @BeforeAll
  static void deployManifest() {
    server = TestServer.start();
    Resp r = server.post(server.ws() + "/manifests", graph());
    assertStatus(r, 201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * a → b → c, two independent x and y, m depending on k and l, and partitioned assets of every
   * dimension kind.
   */
  static Map<String, Object> graph() {
    return manifest(
        asset("analytics.a"),
        asset("analytics.b", "analytics.a"),
        asset("analytics.c", "analytics.b"),
        asset("analytics.x"),
        asset("analytics.y"),
        asset("analytics.k"),
        asset("analytics.l"),
        asset("analytics.m", "analytics.k", "analytics.l"),
        partitioned("part.daily", dim("date", "time", "day")),
        with(
            partitioned("part.daily_child", dim("date", "time", "day")),
            "dependencies",
            List.of(Map.of("upstreamKey", Map.of("namespace", "part", "name", "daily")))),
        partitioned("part.daily_twin", dim("date", "time", "day")),
        partitioned("part.hourly", dim("hour", "time", "hour")),
        partitioned("part.anytime", dim("ts", "time", null)),
        partitioned("part.region", staticDim("region", "eu", "us")),
        partitioned("part.multi", dim("date", "time", "day"), staticDim("region", "eu", "us")),
        partitioned("part.tenant", dim("tenant", "tenant", null)));
  }

  private static Map<String, Object> partitioned(String key, Object... dims) {
    return with(asset(key), "partitioning", Map.of("dimensions", List.of(dims)));
  }

  private static Map<String, Object> dim(String name, String kind, String granularity) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", name);
    d.put("kind", kind);
    if (granularity != null) {
      d.put("granularity", granularity);
    }
    return d;
  }

  private static Map<String, Object> staticDim(String name, String... values) {
    return Map.of("name", name, "kind", "static", "values", List.of(values));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Map<String, Object> body(String... selection) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("selection", new ArrayList<>(List.of(selection)));
    return b;
  }

  private static Map<String, Object> bodyWith(Object selection, String field, Object value) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("selection", selection);
    b.put(field, value);
    return b;
  }

  private static Resp trigger(Object body) {
    return server.post(server.ws() + "/runs", body);
  }

  /** A trigger in a fresh workspace that has no manifest. */
  private static Resp triggerWithoutManifest(Object body) {
    String ws = "empty" + SEQ.incrementAndGet();
    return server.post("/api/v1/workspaces/" + ws + "/runs", body, Map.of("X-Workspace-Id", ws));
  }

  private static String uniqueKey(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet();
  }

  private static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  private static Map<String, String> labels(int n) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("l" + i, "v");
    }
    return m;
  }

  private static List<Map<String, String>> pairs(int n) {
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Map.of("key", "k" + i, "value", "v"));
    }
    return out;
  }

  private static JsonNode run(Resp created) {
    assertThat(created.status()).as(created.raw()).isIn(200, 201);
    Resp r = server.get(server.ws() + "/runs/" + created.body().get("runId").asText());
    assertStatus(r, 200);
    return r.body();
  }

  private static List<String> taskKeys(JsonNode run) {
    List<String> keys = new ArrayList<>();
    run.get("tasks").forEach(t -> keys.add(t.get("taskKey").asText()));
    return keys;
  }

  private static Map<String, String> taskStates(JsonNode run) {
    Map<String, String> states = new LinkedHashMap<>();
    run.get("tasks").forEach(t -> states.put(t.get("taskKey").asText(), t.get("state").asText()));
    return states;
  }

  // ---- step 2: selection -----------------------------------------------------------------------

  @Test
  void emptySelectionIsRejected() {
    assertBadRequest(trigger(body()), "selection cannot be empty");
  }

  @Test
  void missingOrNullSelectionCountsAsEmpty() {
    assertBadRequest(trigger(Map.of()), "selection cannot be empty");
    Map<String, Object> nullSelection = new LinkedHashMap<>();
    nullSelection.put("selection", null);
    assertBadRequest(trigger(nullSelection), "selection cannot be empty");
  }

  @Test
  void emptySelectionWinsOverEveryLaterCheck() {
    Map<String, Object> b = body();
    b.put("runKey", repeat('k', 300));
    b.put("labels", Map.of("arco.rerun.kind", "SUBSET"));
    b.put("partitionKey", "");
    assertBadRequest(triggerWithoutManifest(b), "selection cannot be empty");
  }

  // ---- step 4: size limits ---------------------------------------------------------------------

  static Stream<Arguments> sizeLimits() {
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 10_001; i++) {
      tooMany.add("analytics.a");
    }
    return Stream.of(
        Arguments.of(
            "more than 10000 selection items",
            bodyWith(tooMany, "labels", Map.of()),
            "selection exceeds max items (10000)"),
        Arguments.of(
            "a selection item over 256 bytes",
            body("analytics.a", "analytics." + repeat('a', 247)),
            "selection item exceeds max length (256)"),
        Arguments.of(
            "a selection item over 256 UTF-8 bytes but 129 characters",
            body(repeat('é', 129)),
            "selection item exceeds max length (256)"),
        Arguments.of(
            "more than 128 labels",
            bodyWith(List.of("analytics.a"), "labels", labels(129)),
            "labels exceed max properties (128)"),
        Arguments.of(
            "a label key over 128 bytes",
            bodyWith(List.of("analytics.a"), "labels", Map.of(repeat('k', 129), "v")),
            "label key exceeds max length (128)"),
        Arguments.of(
            "a label value over 2048 bytes",
            bodyWith(List.of("analytics.a"), "labels", Map.of("k", repeat('v', 2049))),
            "label value exceeds max length (2048)"),
        Arguments.of(
            "more than 128 partitions",
            bodyWith(List.of("part.daily"), "partitions", pairs(129)),
            "partitions exceed max items (128)"),
        Arguments.of(
            "a partition key over 64 bytes",
            bodyWith(List.of("part.daily"), "partitions", List.of(Map.of("key", repeat('d', 65), "value", "x"))),
            "partition key exceeds max length (64)"),
        Arguments.of(
            "a partition value over 256 bytes",
            bodyWith(List.of("part.daily"), "partitions", List.of(Map.of("key", "date", "value", repeat('v', 257)))),
            "partition value exceeds max length (256)"),
        Arguments.of(
            "a runKey over 256 bytes",
            bodyWith(List.of("analytics.a"), "runKey", repeat('r', 257)),
            "runKey exceeds max length (256)"),
        Arguments.of(
            "a partitionKey over 1024 bytes",
            bodyWith(List.of("part.daily"), "partitionKey", "date=s:" + repeat('A', 1018)),
            "partitionKey exceeds max length (1024)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sizeLimits")
  void everySizeLimitIsRejectedWithItsMessage(String what, Map<String, Object> body, String message) {
    assertBadRequest(trigger(body), message);
  }

  @Test
  void valuesExactlyAtTheLimitsPassTheSizeChecks() {
    String item256 = "analytics." + repeat('a', 246);
    assertBadRequest(trigger(body(item256)), "unknown asset keys: " + item256);
    Map<String, Object> b = body("analytics.a");
    Map<String, String> labels = labels(127);
    labels.put(repeat('k', 128), repeat('v', 2048));
    b.put("labels", labels);
    String runKey = uniqueKey("r");
    b.put("runKey", runKey + repeat('r', 256 - runKey.length()));
    assertStatus(trigger(b), 201);
  }

  @Test
  void overlongIdempotencyKeyHeaderIsRejectedAsAnOverlongRunKey() {
    Resp r =
        server.post(
            server.ws() + "/runs", body("analytics.a"), Map.of("Idempotency-Key", repeat('i', 257)));
    assertBadRequest(r, "runKey exceeds max length (256)");
  }

  @Test
  void bodyRunKeyWinsOverTheIdempotencyKeyHeader() {
    Map<String, Object> b = bodyWith(List.of("analytics.a"), "runKey", uniqueKey("body"));
    Resp r = server.post(server.ws() + "/runs", b, Map.of("Idempotency-Key", repeat('i', 257)));
    assertStatus(r, 201);
    assertThat(run(r).path("runKey").asText()).isEqualTo(b.get("runKey"));
  }

  // ---- step 5: reserved labels -----------------------------------------------------------------

  @Test
  void oneReservedLabelIsNamed() {
    assertBadRequest(
        trigger(bodyWith(List.of("analytics.a"), "labels", Map.of("arco.rerun.kind", "SUBSET", "team", "x"))),
        "labels cannot include reserved keys: arco.rerun.kind");
    assertBadRequest(
        trigger(bodyWith(List.of("analytics.a"), "labels", Map.of("arco.parent_run_id", "r1"))),
        "labels cannot include reserved keys: arco.parent_run_id");
  }

  @Test
  void bothReservedLabelsAreListedInTheirFixedOrder() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("arco.rerun.kind", "SUBSET");
    labels.put("arco.parent_run_id", "r1");
    assertBadRequest(
        trigger(bodyWith(List.of("analytics.a"), "labels", labels)),
        "labels cannot include reserved keys: arco.parent_run_id, arco.rerun.kind");
  }

  // ---- steps 6 and 9: manifest and roots -------------------------------------------------------

  private static final String NO_MANIFEST =
      "no manifest deployed for workspace; deploy a manifest before triggering a run";

  @Test
  void triggerWithoutAManifestIsRejected() {
    assertBadRequest(triggerWithoutManifest(body("analytics.a")), NO_MANIFEST);
    assertBadRequest(
        triggerWithoutManifest(bodyWith(List.of("analytics.a"), "partitionKey", "date=d:2025-01-15")),
        NO_MANIFEST);
    assertBadRequest(
        triggerWithoutManifest(bodyWith(List.of("analytics.a"), "runKey", "rk")), NO_MANIFEST);
  }

  @Test
  void missingManifestIsReportedBeforeInvalidAssetKeysWithoutARunKey() {
    assertBadRequest(triggerWithoutManifest(body("Not A Key")), NO_MANIFEST);
  }

  static Stream<Arguments> invalidAssetKeys() {
    return Stream.of(
        Arguments.of("", "asset key cannot be empty"),
        Arguments.of("   ", "asset key cannot be empty"),
        Arguments.of(" analytics.a", "asset key cannot have leading/trailing whitespace"),
        Arguments.of("analytics.a\t", "asset key cannot have leading/trailing whitespace"),
        Arguments.of("analytics. a", "asset key cannot contain whitespace"),
        Arguments.of(
            "analytics", "invalid asset key 'analytics': expected 'namespace.name' or 'namespace/name'"),
        Arguments.of("analytics/", "invalid asset key 'analytics/': namespace and name must be non-empty"),
        Arguments.of(".users", "invalid asset key '.users': namespace and name must be non-empty"),
        Arguments.of("a.b/c", "invalid asset key 'a.b/c': invalid namespace 'a.b'"),
        Arguments.of("Analytics.a", "invalid asset key 'Analytics.a': invalid namespace 'Analytics'"),
        Arguments.of("analytics.Users", "invalid asset key 'analytics.Users': invalid name 'Users'"),
        Arguments.of("users..daily", "invalid asset key 'users..daily': invalid name '.daily'"),
        Arguments.of("analytics/a.", "invalid asset key 'analytics/a.': invalid name 'a.'"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("invalidAssetKeys")
  void invalidAssetKeyIsRejectedWithItsCanonicalisationMessage(String key, String message) {
    assertBadRequest(trigger(body("analytics.a", key)), message);
  }

  @Test
  void firstInvalidSelectionItemInRequestOrderWins() {
    assertBadRequest(
        trigger(body("zz.Bad", "analytics", "analytics.a")),
        "invalid asset key 'zz.Bad': invalid name 'Bad'");
  }

  @Test
  void invalidAssetKeyWithARunKeyIsRejectedBeforeTheManifestIsLoaded() {
    assertBadRequest(
        triggerWithoutManifest(bodyWith(List.of("Bad.key"), "runKey", "rk")),
        "invalid asset key 'Bad.key': invalid namespace 'Bad'");
  }

  @Test
  void triggerWithUnknownAssetIsRejectedWithTheSortedKeys() {
    assertBadRequest(
        trigger(body("zeta.z", "analytics/missing", "alpha.q", "analytics.missing", "analytics.a")),
        "unknown asset keys: alpha.q, analytics.missing, zeta.z");
    assertBadRequest(
        trigger(bodyWith(List.of("analytics.nope"), "runKey", uniqueKey("unknown"))),
        "unknown asset keys: analytics.nope");
  }

  @Test
  void unknownAssetIsReportedBeforeThePartitionChecks() {
    assertBadRequest(
        trigger(bodyWith(List.of("part.daily", "part.nope"), "partitionKey", "")),
        "unknown asset keys: part.nope");
  }

  // ---- step 6: partitioned roots ---------------------------------------------------------------

  @Test
  void partitionForAnUnpartitionedRootNamesTheFirstSuchRoot() {
    assertBadRequest(
        trigger(bodyWith(List.of("part.daily", "analytics.b", "analytics.a"), "partitionKey", "date=d:2025-01-15")),
        "partition key provided for unpartitioned asset: analytics.a");
    assertBadRequest(
        trigger(bodyWith(List.of("analytics.x"), "partitions", List.of(Map.of("key", "date", "value", "2025-01-15")))),
        "partition key provided for unpartitioned asset: analytics.x");
  }

  @Test
  void rootsWithDifferentPartitioningAreRejected() {
    assertBadRequest(
        trigger(bodyWith(List.of("part.daily", "part.hourly"), "partitionKey", "date=d:2025-01-15")),
        "partitioned root assets must share identical partitioning");
    assertBadRequest(
        trigger(bodyWith(List.of("part.daily", "part.multi"), "partitionKey", "date=d:2025-01-15")),
        "partitioned root assets must share identical partitioning");
  }

  @Test
  void rootsWithIdenticalPartitioningShareOneKey() {
    JsonNode run =
        run(trigger(bodyWith(List.of("part.daily", "part.daily_twin"), "partitionKey", "date=d:2025-01-15")));
    assertThat(taskKeys(run)).containsExactly("part.daily", "part.daily_twin");
    run.get("tasks").forEach(t -> assertThat(t.path("partitionKey").asText()).isEqualTo("date=d:2025-01-15"));
  }

  // ---- step 7: partition resolution ------------------------------------------------------------

  @Test
  void partitionKeyAndPartitionsTogetherAreRejected() {
    Map<String, Object> b = bodyWith(List.of("part.daily"), "partitionKey", "date=d:2025-01-15");
    b.put("partitions", List.of(Map.of("key", "date", "value", "2025-01-15")));
    assertBadRequest(trigger(b), "use either partitionKey or partitions, not both");
  }

  @Test
  void emptyPartitionKeyIsRejected() {
    assertBadRequest(
        trigger(bodyWith(List.of("part.daily"), "partitionKey", "")), "partitionKey cannot be empty");
  }

  @Test
  void nonCanonicalPartitionKeyNamesTheCanonicalForm() {
    assertBadRequest(
        trigger(bodyWith(List.of("part.multi"), "partitionKey", "region=s:dXM,date=d:2025-01-15")),
        "partitionKey must be canonical: expected 'date=d:2025-01-15,region=s:dXM'");
    assertBadRequest(
        trigger(bodyWith(List.of("part.tenant"), "partitionKey", "tenant=s:dXM=")),
        "invalid partitionKey: invalid base64 encoding: dXM=");
  }

  static Stream<Arguments> unparsablePartitionKeys() {
    return Stream.of(
        Arguments.of("date", "invalid partitionKey: missing '=' in partition segment: date"),
        Arguments.of("Date=d:2025-01-15", "invalid partitionKey: invalid partition key: Date"),
        Arguments.of("date=2025-01-15", "invalid partitionKey: missing type prefix in value: 2025-01-15"),
        Arguments.of("date=x:1", "invalid partitionKey: unknown type prefix: x"),
        Arguments.of("date=d:2025-13-01", "invalid partitionKey: invalid date value: 2025-13-01"),
        Arguments.of(
            "date=d:2025-01-15,date=d:2025-01-16",
            "invalid partitionKey: duplicate key in partition key: date"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("unparsablePartitionKeys")
  void unparsablePartitionKeyIsRejected(String key, String message) {
    assertBadRequest(trigger(bodyWith(List.of("part.daily"), "partitionKey", key)), message);
  }

  @Test
  void partitionKeyDimensionsMustMatchTheManifest() {
    assertBadRequest(
        trigger(bodyWith(List.of("part.daily"), "partitionKey", "day=d:2025-01-15")),
        "partitionKey dimensions must match manifest dimensions: expected [date], got [day]");
    assertBadRequest(
        trigger(bodyWith(List.of("part.multi"), "partitionKey", "date=d:2025-01-15")),
        "partitionKey dimensions must match manifest dimensions: expected [date, region], got [date]");
    assertBadRequest(
        trigger(bodyWith(List.of("part.daily"), "partitions", List.of(Map.of("key", "region", "value", "eu")))),
        "partitionKey dimensions must match manifest dimensions: expected [date], got [region]");
  }

  @Test
  void staticValueOutsideTheWhitelistIsNotAllowed() {
    assertBadRequest(
        trigger(bodyWith(List.of("part.region"), "partitions", List.of(Map.of("key", "region", "value", "ap")))),
        "dimension 'region' value 'ap' is not allowed");
    assertBadRequest(
        trigger(bodyWith(List.of("part.region"), "partitionKey", "region=i:5")),
        "dimension 'region' must use string values");
    assertBadRequest(
        trigger(bodyWith(List.of("part.tenant"), "partitionKey", "tenant=b:true")),
        "dimension 'tenant' must use string values");
  }

  /**
   * An unknown granularity or dimension kind no longer deploys (decisions §7.7); the trigger-time
   * messages for such manifests stored earlier are covered by {@code PartitionResolverTest}.
   */
  static Stream<Arguments> timeErrors() {
    return Stream.of(
        Arguments.of("part.daily", "date=t:2025-01-15T00:00:00.000000Z", null,
            "time dimension 'date' expects hour granularity"),
        Arguments.of("part.hourly", "hour=d:2025-01-15", null,
            "time dimension 'hour' expects day granularity"),
        Arguments.of("part.hourly", "hour=t:2025-01-15T10:30:00.000000Z", null,
            "time dimension 'hour' must be aligned to the hour"),
        Arguments.of("part.daily", "date=i:20250115", null,
            "time dimension 'date' must use d:/t: or s: value"),
        Arguments.of("part.daily", null, "2025/01/15", "time dimension 'date' expects YYYY-MM-DD"),
        Arguments.of("part.hourly", null, "2025-01-15", "time dimension 'hour' expects RFC3339 timestamp"),
        Arguments.of("part.hourly", null, "2025-01-15T10:30:00Z",
            "time dimension 'hour' must be aligned to the hour"),
        Arguments.of("part.anytime", null, "yesterday",
            "time dimension 'ts' expects YYYY-MM-DD or RFC3339 timestamp"));
  }

  @ParameterizedTest(name = "{0} {1}{2}")
  @MethodSource("timeErrors")
  void timeDimensionErrorsUseTheContractMessages(
      String root, String partitionKey, String partitionValue, String message) {
    Map<String, Object> b = body(root);
    if (partitionKey != null) {
      b.put("partitionKey", partitionKey);
    } else {
      String dimName =
          switch (root) {
            case "part.daily" -> "date";
            case "part.hourly" -> "hour";
            default -> "ts";
          };
      b.put("partitions", List.of(Map.of("key", dimName, "value", partitionValue)));
    }
    assertBadRequest(trigger(b), message);
  }

  @Test
  void legacyPartitionPairsAreCheckedForKeysAndDuplicates() {
    assertBadRequest(
        trigger(bodyWith(List.of("part.daily"), "partitions", List.of(Map.of("key", "  ", "value", "x")))),
        "partition key cannot be empty");
    assertBadRequest(
        trigger(bodyWith(List.of("part.daily"), "partitions", List.of(Map.of("key", "Date", "value", "x")))),
        "invalid partition key: Date");
    assertBadRequest(
        trigger(
            bodyWith(
                List.of("part.daily"),
                "partitions",
                List.of(Map.of("key", "date", "value", "2025-01-15"), Map.of("key", " date ", "value", "2025-01-16")))),
        "duplicate partition key: date");
  }

  // ---- the whole order -------------------------------------------------------------------------

  @Test
  void validationErrorsArriveInTheContractsOrder() {
    Map<String, String> badLabels = labels(129);
    badLabels.put(repeat('a', 129), "v");
    badLabels.put("arco.rerun.kind", "SUBSET");
    badLabels.put("arco.parent_run_id", "p");
    badLabels.put("k", repeat('v', 2049));
    List<Map<String, String>> badPairs = pairs(129);
    Map<String, Object> b = body();
    b.put("labels", badLabels);
    b.put("partitions", badPairs);
    b.put("runKey", repeat('r', 257));
    b.put("partitionKey", repeat('p', 1025));
    String ws = "orderws";
    Map<String, String> hdr = Map.of("X-Workspace-Id", ws);
    String emptyWs = "/api/v1/workspaces/" + ws + "/runs";

    assertBadRequest(server.post(emptyWs, b, hdr), "selection cannot be empty");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 10_001; i++) {
      many.add(i == 5 ? "part." + repeat('d', 300) : "part.daily");
    }
    b.put("selection", many);
    assertBadRequest(server.post(emptyWs, b, hdr), "selection exceeds max items (10000)");
    b.put("selection", List.of("part.daily", "part." + repeat('d', 300)));
    assertBadRequest(server.post(emptyWs, b, hdr), "selection item exceeds max length (256)");
    b.put("selection", List.of("part.daily"));
    assertBadRequest(server.post(emptyWs, b, hdr), "labels exceed max properties (128)");
    badLabels.keySet().removeIf(k -> k.startsWith("l"));
    assertBadRequest(server.post(emptyWs, b, hdr), "label key exceeds max length (128)");
    badLabels.remove(repeat('a', 129));
    assertBadRequest(server.post(emptyWs, b, hdr), "label value exceeds max length (2048)");
    badLabels.put("k", "v");
    assertBadRequest(server.post(emptyWs, b, hdr), "partitions exceed max items (128)");
    b.put("partitions", List.of(Map.of("key", repeat('d', 65), "value", repeat('v', 257))));
    assertBadRequest(server.post(emptyWs, b, hdr), "partition key exceeds max length (64)");
    b.put("partitions", List.of(Map.of("key", "date", "value", repeat('v', 257))));
    assertBadRequest(server.post(emptyWs, b, hdr), "partition value exceeds max length (256)");
    b.put("partitions", List.of(Map.of("key", "date", "value", "2025-01-15")));
    assertBadRequest(server.post(emptyWs, b, hdr), "runKey exceeds max length (256)");
    String runKey = uniqueKey("order");
    b.put("runKey", runKey);
    assertBadRequest(server.post(emptyWs, b, hdr), "partitionKey exceeds max length (1024)");
    b.put("partitionKey", "date=d:2025-01-15");
    assertBadRequest(
        server.post(emptyWs, b, hdr),
        "labels cannot include reserved keys: arco.parent_run_id, arco.rerun.kind");
    b.put("labels", Map.of("k", "v"));
    assertBadRequest(server.post(emptyWs, b, hdr), NO_MANIFEST);

    // the same request against the workspace with the manifest
    b.put("selection", List.of("part.daily", "Bad.key"));
    assertBadRequest(trigger(b), "invalid asset key 'Bad.key': invalid namespace 'Bad'");
    b.put("selection", List.of("part.daily", "part.zz", "analytics.a"));
    assertBadRequest(trigger(b), "unknown asset keys: part.zz");
    b.put("selection", List.of("part.daily", "analytics.a"));
    assertBadRequest(trigger(b), "partition key provided for unpartitioned asset: analytics.a");
    b.put("selection", List.of("part.daily", "part.hourly"));
    assertBadRequest(trigger(b), "partitioned root assets must share identical partitioning");
    b.put("selection", List.of("part.daily"));
    assertBadRequest(trigger(b), "use either partitionKey or partitions, not both");
    b.remove("partitions");
    b.put("partitionKey", "day=d:2025-01-15");
    assertBadRequest(
        trigger(b),
        "partitionKey dimensions must match manifest dimensions: expected [date], got [day]");
    b.put("partitionKey", "date=t:2025-01-15T00:00:00.000000Z");
    assertBadRequest(trigger(b), "time dimension 'date' expects hour granularity");
    b.put("partitionKey", "date=d:2025-01-15");
    Resp created = trigger(b);
    assertStatus(created, 201);
    Resp again = trigger(b);
    assertStatus(again, 200);
    assertThat(again.body().get("runId")).isEqualTo(created.body().get("runId"));
  }

  // ---- 422: mistyped fields --------------------------------------------------------------------

  static Stream<Arguments> mistypedFields() {
    return Stream.of(
        Arguments.of(Map.of("selection", "analytics.a"), "selection", "expected an array of strings"),
        Arguments.of(Map.of("selection", List.of(1)), "selection[0]", "expected a string"),
        Arguments.of(bodyWith(List.of("analytics.a"), "includeUpstream", "yes"), "includeUpstream", "expected a boolean"),
        Arguments.of(bodyWith(List.of("analytics.a"), "includeDownstream", 1), "includeDownstream", "expected a boolean"),
        Arguments.of(bodyWith(List.of("analytics.a"), "labels", List.of()), "labels", "expected an object of strings"),
        Arguments.of(bodyWith(List.of("analytics.a"), "labels", Map.of("team", 1)), "labels.team", "expected a string"),
        Arguments.of(bodyWith(List.of("analytics.a"), "runKey", 7), "runKey", "expected a string"),
        Arguments.of(bodyWith(List.of("analytics.a"), "partitionKey", false), "partitionKey", "expected a string"),
        Arguments.of(
            bodyWith(List.of("analytics.a"), "partitions", "date=2025"),
            "partitions",
            "expected an array of {key, value}"),
        Arguments.of(bodyWith(List.of("analytics.a"), "partitions", List.of("x")), "partitions[0]", "expected an object"),
        Arguments.of(
            bodyWith(List.of("analytics.a"), "partitions", List.of(Map.of("key", 1, "value", "x"))),
            "partitions[0].key",
            "expected a string"),
        Arguments.of(
            bodyWith(List.of("analytics.a"), "partitions", List.of(Map.of("key", "date"))),
            "partitions[0].value",
            "expected a string"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("mistypedFields")
  void mistypedFieldIsUnprocessableWithItsPath(Map<String, Object> body, String field, String reason) {
    assertInvalidField(trigger(body), field, reason);
  }

  // ---- run_key safety --------------------------------------------------------------------------

  @Test
  void failedValidationNeverReservesTheRunKey() {
    String key = uniqueKey("safe");
    assertBadRequest(
        trigger(bodyWith(List.of("analytics.nope"), "runKey", key)), "unknown asset keys: analytics.nope");
    Map<String, Object> reserved = bodyWith(List.of("analytics.a"), "runKey", key);
    reserved.put("labels", Map.of("arco.rerun.kind", "SUBSET"));
    assertBadRequest(trigger(reserved), "labels cannot include reserved keys: arco.rerun.kind");
    assertInvalidField(trigger(bodyWith(List.of(1), "runKey", key)), "selection[0]", "expected a string");
    Map<String, Object> partitioned = bodyWith(List.of("analytics.a"), "runKey", key);
    partitioned.put("partitionKey", "date=d:2025-01-15");
    assertBadRequest(
        trigger(partitioned), "partition key provided for unpartitioned asset: analytics.a");

    Resp created = trigger(bodyWith(List.of("analytics.a"), "runKey", key));
    assertStatus(created, 201);
    assertThat(created.body().get("created").asBoolean()).isTrue();
    assertThat(run(created).get("tasks")).hasSize(1);
  }

  @Test
  void runKeyRejectedForAMissingManifestIsFreeOnceOneIsDeployed() {
    String ws = "late" + SEQ.incrementAndGet();
    String path = "/api/v1/workspaces/" + ws;
    Map<String, String> hdr = Map.of("X-Workspace-Id", ws);
    Map<String, Object> b = bodyWith(List.of("analytics.a"), "runKey", "late-key");
    assertBadRequest(server.post(path + "/runs", b, hdr), NO_MANIFEST);
    assertStatus(server.post(path + "/manifests", manifest(asset("analytics.a")), hdr), 201);
    Resp created = server.post(path + "/runs", b, hdr);
    assertStatus(created, 201);
    Resp replay = server.post(path + "/runs", b, hdr);
    assertStatus(replay, 200);
    assertThat(replay.body().get("created").asBoolean()).isFalse();
    assertThat(replay.body().get("runId")).isEqualTo(created.body().get("runId"));
  }

  @Test
  void runKeyReusedForADifferentPayloadConflictsWithDetails() {
    String key = uniqueKey("conflict");
    Resp first = trigger(bodyWith(List.of("analytics.a"), "runKey", key));
    assertStatus(first, 201);
    Map<String, Object> other = bodyWith(List.of("analytics.a"), "runKey", key);
    other.put("labels", Map.of("team", "data"));
    Resp r = trigger(other);
    assertError(
        r, 409, "CONFLICT", "run_key '" + key + "' already reserved with different trigger payload");
    JsonNode d = r.body().get("details");
    assertThat(d.get("conflictType").asText()).isEqualTo("RUN_KEY_FINGERPRINT_MISMATCH");
    assertThat(d.get("runKey").asText()).isEqualTo(key);
    assertThat(d.get("existingRunId")).isEqualTo(first.body().get("runId"));
    assertThat(d.get("existingPlanId")).isEqualTo(first.body().get("planId"));
    assertThat(d.get("existingFingerprint").asText()).matches("[0-9a-f]{64}");
    assertThat(d.get("requestedFingerprint").asText())
        .matches("[0-9a-f]{64}")
        .isNotEqualTo(d.get("existingFingerprint").asText());
    assertThat(d.get("existingCreatedAt").asText()).isEqualTo(first.body().get("createdAt").asText());
    assertThat(d.get("existingCreatedAt").asText()).endsWith("Z");
  }

  @Test
  void idempotencyKeyHeaderActsAsTheRunKey() {
    String key = uniqueKey("hdr");
    Resp first = server.post(server.ws() + "/runs", body("analytics.a"), Map.of("Idempotency-Key", key));
    assertStatus(first, 201);
    Resp second =
        server.post(server.ws() + "/runs", bodyWith(List.of("analytics.a"), "runKey", key));
    assertStatus(second, 200);
    assertThat(second.body().get("runId")).isEqualTo(first.body().get("runId"));
    assertThat(run(first).path("runKey").asText()).isEqualTo(key);
  }

  // ---- selection semantics ---------------------------------------------------------------------

  @Test
  void newRunAnswersCreatedWithItsIds() {
    Resp r = trigger(body("analytics.x"));
    assertStatus(r, 201);
    assertThat(r.body().get("runId").asText()).hasSize(26);
    assertThat(r.body().get("planId").asText()).hasSize(26);
    assertThat(r.body().get("state").asText()).isEqualTo("PENDING");
    assertThat(r.body().get("created").asBoolean()).isTrue();
    assertThat(r.body().get("createdAt").asText()).isEqualTo(TestServer.START.toString());
  }

  @Test
  void slashedSelectionEqualsTheDottedOne() {
    JsonNode slashed = run(trigger(body("analytics/a")));
    assertThat(taskKeys(slashed)).containsExactly("analytics.a");
    assertThat(slashed.get("tasks").get(0).get("assetKey").asText()).isEqualTo("analytics.a");

    String key = uniqueKey("slash");
    Resp first = trigger(bodyWith(List.of("analytics/a", "analytics.x"), "runKey", key));
    Resp second = trigger(bodyWith(List.of("analytics.x", "analytics.a", "analytics/x"), "runKey", key));
    assertStatus(first, 201);
    assertStatus(second, 200);
    assertThat(second.body().get("runId")).isEqualTo(first.body().get("runId"));
  }

  @Test
  void selectingTheHeadOfAChainPlansOnlyIt() {
    JsonNode run = run(trigger(body("analytics.a")));
    assertThat(taskStates(run)).containsExactly(Map.entry("analytics.a", "QUEUED"));
  }

  @Test
  void includeDownstreamPlansTheWholeChain() {
    JsonNode run = run(trigger(bodyWith(List.of("analytics.a"), "includeDownstream", true)));
    assertThat(taskStates(run))
        .containsExactly(
            Map.entry("analytics.a", "QUEUED"),
            Map.entry("analytics.b", "PENDING"),
            Map.entry("analytics.c", "PENDING"));
  }

  @Test
  void includeUpstreamFromTheTailPlansTheWholeChain() {
    JsonNode run = run(trigger(bodyWith(List.of("analytics.c"), "includeUpstream", true)));
    assertThat(taskStates(run))
        .containsExactly(
            Map.entry("analytics.a", "QUEUED"),
            Map.entry("analytics.b", "PENDING"),
            Map.entry("analytics.c", "PENDING"));
  }

  @Test
  void includeUpstreamFromTheHeadAddsNothing() {
    JsonNode run = run(trigger(bodyWith(List.of("analytics.a"), "includeUpstream", true)));
    assertThat(taskKeys(run)).containsExactly("analytics.a");
  }

  @Test
  void bothFlagsExpandEachDirectionFromTheRootsOnly() {
    Map<String, Object> b = bodyWith(List.of("analytics.k"), "includeUpstream", true);
    b.put("includeDownstream", true);
    assertThat(taskStates(run(trigger(b))))
        .containsExactly(Map.entry("analytics.k", "QUEUED"), Map.entry("analytics.m", "PENDING"));
    assertThat(taskStates(run(trigger(bodyWith(List.of("analytics.m"), "includeUpstream", true)))))
        .containsExactly(
            Map.entry("analytics.k", "QUEUED"),
            Map.entry("analytics.l", "QUEUED"),
            Map.entry("analytics.m", "PENDING"));
    Map<String, Object> middle = bodyWith(List.of("analytics.b"), "includeUpstream", true);
    middle.put("includeDownstream", true);
    assertThat(taskKeys(run(trigger(middle))))
        .containsExactly("analytics.a", "analytics.b", "analytics.c");
  }

  @Test
  void twoIndependentAssetsGiveExactlyTwoTasks() {
    JsonNode run = run(trigger(body("analytics.y", "analytics.x")));
    assertThat(taskStates(run))
        .containsExactly(Map.entry("analytics.x", "QUEUED"), Map.entry("analytics.y", "QUEUED"));
    assertThat(run.get("taskCounts").get("total").asInt()).isEqualTo(2);
  }

  @Test
  void taskWhoseUpstreamWasNotSelectedStartsQueued() {
    assertThat(taskStates(run(trigger(body("analytics.b")))))
        .containsExactly(Map.entry("analytics.b", "QUEUED"));
    assertThat(taskStates(run(trigger(body("analytics.c", "analytics.a")))))
        .containsExactly(Map.entry("analytics.a", "QUEUED"), Map.entry("analytics.c", "QUEUED"));
  }

  @Test
  void plannedDependencyEdgesReleaseTasksInChainOrder() {
    try (TestServer s = TestServer.start()) {
      assertStatus(s.post(s.ws() + "/manifests", graph()), 201);
      Resp created = s.post(s.ws() + "/runs", bodyWith(List.of("analytics.a"), "includeDownstream", true));
      assertStatus(created, 201);
      String path = s.ws() + "/runs/" + created.body().get("runId").asText();
      Worker worker = new Worker(s, "w");
      for (String next : List.of("analytics.a", "analytics.b", "analytics.c")) {
        JsonNode env = worker.pollOne();
        assertThat(env.get("taskKey").asText()).isEqualTo(next);
        assertThat(worker.poll(10)).as("nothing else is claimable while %s runs", next).isEmpty();
        assertStatus(worker.started(env), 200);
        assertStatus(worker.succeed(env), 200);
      }
      JsonNode run = s.get(path).body();
      assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(taskStates(run).values()).containsOnly("SUCCEEDED");
    }
  }

  // ---- partition keys on tasks -----------------------------------------------------------------

  @Test
  void partitionedTriggerPutsTheCanonicalKeyOnEveryTask() {
    Map<String, Object> b = bodyWith(List.of("part.daily"), "partitionKey", "date=d:2025-01-15");
    b.put("includeDownstream", true);
    JsonNode run = run(trigger(b));
    assertThat(taskKeys(run)).containsExactly("part.daily", "part.daily_child");
    run.get("tasks")
        .forEach(t -> assertThat(t.path("partitionKey").asText()).isEqualTo("date=d:2025-01-15"));
  }

  @Test
  void legacyPartitionsFormGivesTheSameCanonicalKey() {
    Map<String, Object> b =
        bodyWith(
            List.of("part.multi"),
            "partitions",
            List.of(Map.of("key", "region", "value", "us"), Map.of("key", " date", "value", "2025-01-15")));
    JsonNode run = run(trigger(b));
    assertThat(run.get("tasks").get(0).path("partitionKey").asText())
        .isEqualTo("date=d:2025-01-15,region=s:dXM");

    String key = uniqueKey("legacy");
    Map<String, Object> legacy =
        bodyWith(List.of("part.daily"), "partitions", List.of(Map.of("key", "date", "value", "2025-01-15")));
    legacy.put("runKey", key);
    Resp first = trigger(legacy);
    assertStatus(first, 201);
    Map<String, Object> canonical = bodyWith(List.of("part.daily"), "partitionKey", "date=d:2025-01-15");
    canonical.put("runKey", key);
    Resp second = trigger(canonical);
    assertStatus(second, 200);
    assertThat(second.body().get("runId")).isEqualTo(first.body().get("runId"));
    assertThat(run(first).get("tasks").get(0).path("partitionKey").asText())
        .isEqualTo("date=d:2025-01-15");
  }

  @Test
  void legacyTimeStringsAreNormalisedToTaggedValues() {
    JsonNode hourly =
        run(
            trigger(
                bodyWith(
                    List.of("part.hourly"),
                    "partitions",
                    List.of(Map.of("key", "hour", "value", "2025-01-15T12:00:00+02:00")))));
    assertThat(hourly.get("tasks").get(0).path("partitionKey").asText())
        .isEqualTo("hour=t:2025-01-15T10:00:00.000000Z");
    JsonNode any =
        run(
            trigger(
                bodyWith(List.of("part.anytime"), "partitions", List.of(Map.of("key", "ts", "value", "2025-01-15")))));
    assertThat(any.get("tasks").get(0).path("partitionKey").asText()).isEqualTo("ts=d:2025-01-15");
  }

  @Test
  void partitionedAssetRunWithoutPartitionInputHasNoKey() {
    JsonNode run = run(trigger(body("part.daily")));
    assertThat(run.get("tasks").get(0).has("partitionKey")).isFalse();
  }
}
