package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.TaskDef;
import io.arco.flow.model.PartitionPair;
import io.arco.flow.model.TriggerRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TriggerPlannerTest {
  private static final TriggerPlanner PLANNER = TriggerPlanner.DEFAULT;

  /** a -> b -> c (b depends on a, c on b), d independent; a and d daily-partitioned, b hourly. */
  private static final Manifest MANIFEST =
      ManifestParser.parse(
          json(
              """
              {"manifestVersion": "1", "codeVersionId": "cv",
               "assets": [
                 {"key": {"namespace": "x", "name": "a"}, "id": "1",
                  "partitioning": {"dimensions": [{"name": "date", "kind": "time", "granularity": "day"}]},
                  "execution": {"queue": "etl", "heartbeatTimeoutSeconds": 60,
                                "retry": {"maxAttempts": 7, "backoffSeconds": 30, "maxBackoffSeconds": 120}}},
                 {"key": {"namespace": "x", "name": "b"}, "id": "2",
                  "dependencies": [{"upstreamKey": {"namespace": "x", "name": "a"}}],
                  "partitioning": {"dimensions": [{"name": "date", "kind": "time", "granularity": "hour"}]},
                  "execution": {"queue": "default-queue", "retry": {"backoffSeconds": 5}}},
                 {"key": {"namespace": "x", "name": "c"}, "id": "3",
                  "dependencies": [{"upstreamKey": {"namespace": "x", "name": "b"}}]},
                 {"key": {"namespace": "x", "name": "d"}, "id": "4",
                  "partitioning": {"dimensions": [{"name": "date", "kind": "time", "granularity": "day"}]}}
               ]}
              """),
          "api");

  private static final Supplier<Optional<Manifest>> LATEST = () -> Optional.of(MANIFEST);
  private static final Supplier<Optional<Manifest>> NONE = Optional::empty;

  private static TriggerRequest request(
      List<String> selection,
      boolean up,
      boolean down,
      List<PartitionPair> partitions,
      Optional<String> partitionKey,
      Optional<String> runKey,
      Map<String, String> labels) {
    return new TriggerRequest(selection, up, down, partitions, partitionKey, runKey, labels);
  }

  private static List<String> keys(List<TaskDef> tasks) {
    return tasks.stream().map(TaskDef::key).toList();
  }

  private static List<TaskDef> plan(TriggerRequest r) {
    ValidatedTrigger v = PLANNER.validate(r, LATEST);
    return PLANNER.plan(v, TriggerPlanner.manifestFor(v, LATEST));
  }

  private static TriggerRequest select(boolean up, boolean down, String... roots) {
    return request(
        List.of(roots), up, down, List.of(), Optional.empty(), Optional.empty(), Map.of());
  }

  // ---- planning ----

  @Test
  void selectingTheFirstAssetPlansOnlyItWithoutIncludeDownstream() {
    assertThat(keys(plan(select(false, false, "x.a")))).containsExactly("x.a");
    assertThat(keys(plan(select(false, true, "x.a")))).containsExactly("x.a", "x.b", "x.c");
  }

  @Test
  void includeUpstreamOnTheLastAssetPlansTheWholeChain() {
    List<TaskDef> tasks = plan(select(true, false, "x/c"));
    assertThat(keys(tasks)).containsExactly("x.a", "x.b", "x.c");
    assertThat(tasks.get(0).dependsOn()).isEmpty();
    assertThat(tasks.get(1).dependsOn()).containsExactly("x.a");
    assertThat(tasks.get(2).dependsOn()).containsExactly("x.b");
  }

  @Test
  void twoIndependentAssetsPlanExactlyTwoTasks() {
    assertThat(keys(plan(select(false, false, "x.d", "x.a", "x.a")))).containsExactly("x.a", "x.d");
  }

  @Test
  void edgesToUnplannedAssetsAreDropped() {
    List<TaskDef> tasks = plan(select(false, false, "x.b"));
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).dependsOn()).isEmpty();
  }

  @Test
  void tasksCarryTheAssetExecutionSettings() {
    List<TaskDef> tasks = plan(select(false, true, "x.a"));
    TaskDef a = tasks.get(0);
    assertThat(a.assetKey()).contains("x.a");
    assertThat(a.requiresVisibleOutput()).isTrue();
    assertThat(a.maxAttempts()).isEqualTo(7);
    assertThat(a.heartbeatTimeoutSec()).isEqualTo(60);
    assertThat(a.retryBackoffSec()).isEmpty();
    assertThat(a.retryMaxBackoffSec()).contains(120);
    assertThat(a.workerQueue()).contains("etl");
    TaskDef b = tasks.get(1);
    assertThat(b.retryBackoffSec()).contains(5);
    assertThat(b.retryMaxBackoffSec()).isEmpty();
    assertThat(b.workerQueue()).isEmpty();
    assertThat(tasks.get(2)).isEqualTo(TaskDef.of("x.c", List.of("x.b")));
  }

  @Test
  void partitionedRunCarriesTheResolvedKeyOnEveryTask() {
    List<TaskDef> tasks =
        plan(
            request(
                List.of("x.a", "x.d"),
                false,
                true,
                List.of(new PartitionPair("date", "2025-01-15")),
                Optional.empty(),
                Optional.empty(),
                Map.of()));
    assertThat(keys(tasks)).containsExactly("x.a", "x.b", "x.c", "x.d");
    assertThat(tasks).allSatisfy(t -> assertThat(t.partitionKey()).contains("date=d:2025-01-15"));
  }

  @Test
  void unpartitionedRunOfAPartitionedAssetHasNoPartitionKey() {
    assertThat(plan(select(false, false, "x.a")).get(0).partitionKey()).isEmpty();
  }

  // ---- validation ----

  @Test
  void fingerprintIsComputedOnlyWithARunKey() {
    ValidatedTrigger without = PLANNER.validate(select(false, false, "x.a"), LATEST);
    assertThat(without.requestFingerprint()).isEmpty();
    ValidatedTrigger with =
        PLANNER.validate(
            request(
                List.of("x/a"),
                false,
                false,
                List.of(),
                Optional.empty(),
                Optional.of("k"),
                Map.of()),
            NONE);
    assertThat(with.requestFingerprint())
        .contains(
            TriggerFingerprint.primary(List.of("x.a"), false, false, Optional.empty(), Map.of()));
    assertThat(with.manifest()).isEmpty();
    assertThat(with.fingerprintVariants()).contains(with.requestFingerprint().orElseThrow());
  }

  @Test
  void contractVectorFingerprintThroughValidation() {
    ValidatedTrigger v =
        PLANNER.validate(
            request(
                List.of("analytics.orders"),
                false,
                false,
                List.of(),
                Optional.empty(),
                Optional.of("daily"),
                Map.of()),
            NONE);
    assertThat(v.requestFingerprint())
        .contains("209cab273a10ee93b303d2c6471cc91d9dfa2c15d2a41fab5eaa8c3492048400");
  }

  @Test
  void emptySelectionIsRefusedFirst() {
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of(),
                    false,
                    false,
                    List.of(),
                    Optional.empty(),
                    Optional.of("x".repeat(300)),
                    Map.of()),
                NONE),
        "selection cannot be empty");
  }

  @Test
  void sizeLimitsAreCheckedInContractOrderInUtf8Bytes() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= 10_000; i++) {
      many.add("x.a");
    }
    assertLimit(
        request(many, false, false, List.of(), Optional.empty(), Optional.empty(), Map.of()),
        "selection exceeds max items (10000)");
    assertLimit(
        request(
            List.of("x." + "é".repeat(128)),
            false,
            false,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Map.of()),
        "selection item exceeds max length (256)");
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i <= 128; i++) {
      labels.put("l" + i, "v");
    }
    assertLimit(
        request(
            List.of("x.a"), false, false, List.of(), Optional.empty(), Optional.empty(), labels),
        "labels exceed max properties (128)");
    assertLimit(
        request(
            List.of("x.a"),
            false,
            false,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Map.of("k".repeat(129), "v")),
        "label key exceeds max length (128)");
    assertLimit(
        request(
            List.of("x.a"),
            false,
            false,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Map.of("k", "v".repeat(2049))),
        "label value exceeds max length (2048)");
    List<PartitionPair> pairs = new ArrayList<>();
    for (int i = 0; i <= 128; i++) {
      pairs.add(new PartitionPair("p" + i, "v"));
    }
    assertLimit(
        request(List.of("x.a"), false, false, pairs, Optional.empty(), Optional.empty(), Map.of()),
        "partitions exceed max items (128)");
    assertLimit(
        request(
            List.of("x.a"),
            false,
            false,
            List.of(new PartitionPair("k".repeat(65), "v")),
            Optional.empty(),
            Optional.empty(),
            Map.of()),
        "partition key exceeds max length (64)");
    assertLimit(
        request(
            List.of("x.a"),
            false,
            false,
            List.of(new PartitionPair("k", "v".repeat(257))),
            Optional.empty(),
            Optional.empty(),
            Map.of()),
        "partition value exceeds max length (256)");
    assertLimit(
        request(
            List.of("x.a"),
            false,
            false,
            List.of(),
            Optional.empty(),
            Optional.of("r".repeat(257)),
            Map.of()),
        "runKey exceeds max length (256)");
    assertLimit(
        request(
            List.of("x.a"),
            false,
            false,
            List.of(),
            Optional.of("p".repeat(1025)),
            Optional.empty(),
            Map.of()),
        "partitionKey exceeds max length (1024)");
    // An earlier limit wins over a later one.
    assertLimit(
        request(
            List.of("x.a"),
            false,
            false,
            List.of(new PartitionPair("k".repeat(65), "v")),
            Optional.empty(),
            Optional.of("r".repeat(257)),
            Map.of("k", "v".repeat(2049))),
        "label value exceeds max length (2048)");
  }

  private static void assertLimit(TriggerRequest r, String message) {
    assertInvalid(() -> PLANNER.validate(r, LATEST), message);
  }

  @Test
  void reservedLabelsAreListedInFixedOrder() {
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("x.a"),
                    false,
                    false,
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of("arco.rerun.kind", "x", "arco.parent_run_id", "y", "team", "z")),
                LATEST),
        "labels cannot include reserved keys: arco.parent_run_id, arco.rerun.kind");
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("x.a"),
                    false,
                    false,
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of("arco.rerun.kind", "x")),
                LATEST),
        "labels cannot include reserved keys: arco.rerun.kind");
  }

  @Test
  void partitionRequestNeedsAManifestBeforeAnythingElse() {
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("Bad"),
                    false,
                    false,
                    List.of(new PartitionPair("date", "2025-01-15")),
                    Optional.of("date=d:2025-01-15"),
                    Optional.empty(),
                    Map.of()),
                NONE),
        "no manifest deployed for workspace; deploy a manifest before triggering a run");
  }

  @Test
  void partitionRequestChecksRootsThenResolvesTheKey() {
    List<PartitionPair> day = List.of(new PartitionPair("date", "2025-01-15"));
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("x.a", "Bad"),
                    false,
                    false,
                    day,
                    Optional.empty(),
                    Optional.empty(),
                    Map.of()),
                LATEST),
        "invalid asset key 'Bad': expected 'namespace.name' or 'namespace/name'");
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("y.z", "x.q", "y.z", "x.a"),
                    false,
                    false,
                    day,
                    Optional.empty(),
                    Optional.empty(),
                    Map.of()),
                LATEST),
        "unknown asset keys: x.q, y.z");
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("x.d", "x.c", "x.a"),
                    false,
                    false,
                    day,
                    Optional.empty(),
                    Optional.empty(),
                    Map.of()),
                LATEST),
        "partition key provided for unpartitioned asset: x.c");
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("x.a", "x.b"),
                    false,
                    false,
                    day,
                    Optional.empty(),
                    Optional.empty(),
                    Map.of()),
                LATEST),
        "partitioned root assets must share identical partitioning");
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("x.a"),
                    false,
                    false,
                    day,
                    Optional.of("date=d:2025-01-15"),
                    Optional.empty(),
                    Map.of()),
                LATEST),
        "use either partitionKey or partitions, not both");
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("x.a"),
                    false,
                    false,
                    List.of(),
                    Optional.of(""),
                    Optional.empty(),
                    Map.of()),
                LATEST),
        "partitionKey cannot be empty");
  }

  @Test
  void withoutPartitionOrRunKeyTheMissingManifestWinsOverAnInvalidKey() {
    assertInvalid(
        () -> PLANNER.validate(select(false, false, "Bad"), NONE),
        "no manifest deployed for workspace; deploy a manifest before triggering a run");
    assertInvalid(
        () -> PLANNER.validate(select(false, false, "Bad"), LATEST),
        "invalid asset key 'Bad': expected 'namespace.name' or 'namespace/name'");
    assertInvalid(
        () -> PLANNER.validate(select(false, false, "x.zz", "x.a"), LATEST),
        "unknown asset keys: x.zz");
  }

  @Test
  void withARunKeyAnInvalidKeyFailsBeforeTheManifestIsRead() {
    AtomicInteger reads = new AtomicInteger();
    Supplier<Optional<Manifest>> counting =
        () -> {
          reads.incrementAndGet();
          return Optional.empty();
        };
    assertInvalid(
        () ->
            PLANNER.validate(
                request(
                    List.of("Bad"),
                    false,
                    false,
                    List.of(),
                    Optional.empty(),
                    Optional.of("k"),
                    Map.of()),
                counting),
        "invalid asset key 'Bad': expected 'namespace.name' or 'namespace/name'");
    ValidatedTrigger v =
        PLANNER.validate(
            request(
                List.of("x.zz"),
                false,
                false,
                List.of(),
                Optional.empty(),
                Optional.of("k"),
                Map.of()),
            counting);
    assertThat(reads).hasValue(0);
    assertInvalid(
        () -> TriggerPlanner.manifestFor(v, counting),
        "no manifest deployed for workspace; deploy a manifest before triggering a run");
    assertInvalid(() -> PLANNER.plan(v, MANIFEST), "unknown asset keys: x.zz");
  }

  @Test
  void validationReusesTheManifestItLoaded() {
    AtomicInteger reads = new AtomicInteger();
    Supplier<Optional<Manifest>> counting =
        () -> {
          reads.incrementAndGet();
          return Optional.of(MANIFEST);
        };
    ValidatedTrigger v = PLANNER.validate(select(false, false, "x.a"), counting);
    assertThat(TriggerPlanner.manifestFor(v, counting)).isSameAs(MANIFEST);
    assertThat(reads).hasValue(1);
  }

  @Test
  void partitionedFingerprintUsesTheResolvedKey() {
    ValidatedTrigger v =
        PLANNER.validate(
            request(
                List.of("x.a"),
                false,
                true,
                List.of(new PartitionPair("date", "2025-01-15")),
                Optional.empty(),
                Optional.of("k"),
                Map.of("env", "prod")),
            LATEST);
    assertThat(v.partitionKey()).contains("date=d:2025-01-15");
    assertThat(v.requestFingerprint())
        .contains(
            TriggerFingerprint.primary(
                List.of("x.a"),
                false,
                true,
                Optional.of("date=d:2025-01-15"),
                Map.of("env", "prod")));
  }
}
