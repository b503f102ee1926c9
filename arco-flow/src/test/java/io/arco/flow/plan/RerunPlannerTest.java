package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.RerunMode;
import io.arco.flow.model.RerunRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RerunPlannerTest {
  private static final String PARENT_ID = "01HQPARENT";

  // ---- fixtures ----

  private static ParentTask ok(String key) {
    return new ParentTask(TaskDef.of(key, List.of()), true);
  }

  private static ParentTask notOk(String key) {
    return new ParentTask(TaskDef.of(key, List.of()), false);
  }

  private static ParentEdge edge(String upstream, String downstream) {
    return new ParentEdge(upstream, downstream);
  }

  private static ParentRun parent(boolean failed, List<ParentTask> tasks, List<ParentEdge> edges) {
    return new ParentRun(PARENT_ID, failed, Optional.of("cv-parent"), tasks, edges);
  }

  /** Acceptance check 9: a (succeeded) → b (failed) → c (skipped); the run FAILED. */
  private static ParentRun failedChain() {
    return parent(
        true,
        List.of(ok("analytics.a"), notOk("analytics.b"), notOk("analytics.c")),
        List.of(edge("analytics.a", "analytics.b"), edge("analytics.b", "analytics.c")));
  }

  /**
   * x → b, a → b, b → c, c → d, and e independent; the run SUCCEEDED. b's upstream x is not
   * downstream of a, so it tells the independent expansions apart.
   */
  private static ParentRun succeededGraph() {
    return parent(
        false,
        List.of(
            ok("analytics.a"),
            ok("analytics.b"),
            ok("analytics.c"),
            ok("analytics.d"),
            ok("analytics.e"),
            ok("analytics.x")),
        List.of(
            edge("analytics.x", "analytics.b"),
            edge("analytics.a", "analytics.b"),
            edge("analytics.b", "analytics.c"),
            edge("analytics.c", "analytics.d")));
  }

  private static RerunRequest subset(boolean up, boolean down, String... selection) {
    return new RerunRequest(
        RerunMode.SUBSET, List.of(selection), up, down, Optional.empty(), Map.of());
  }

  private static RerunRequest fromFailure(Map<String, String> labels) {
    return new RerunRequest(
        RerunMode.FROM_FAILURE, List.of(), false, false, Optional.empty(), labels);
  }

  private static Map<String, List<String>> edgesOf(PlannedRerun plan) {
    Map<String, List<String>> out = new HashMap<>();
    plan.tasks().forEach(t -> out.put(t.key(), t.dependsOn()));
    return out;
  }

  private static void assertConflict(ThrowingCallable call, String message) {
    FlowException e = catchThrowableOfType(FlowException.class, call);
    assertThat(e).as("expected Conflict(%s)", message).isNotNull();
    assertThat(e.error()).isEqualTo(new FlowError.Conflict(message));
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  // ---- fromFailure ----

  @Test
  void rerunFromFailurePlansOnlyUnsucceededTasks() {
    PlannedRerun plan = RerunPlanner.plan(fromFailure(Map.of("team", "growth")), failedChain());

    assertThat(plan.mode()).isEqualTo(RerunMode.FROM_FAILURE);
    assertThat(plan.selectedTasks()).containsExactly("analytics.b", "analytics.c");
    assertThat(plan.roots()).containsExactly("analytics.b", "analytics.c");
    assertThat(plan.tasks())
        .containsExactly(
            TaskDef.of("analytics.b", List.of()),
            TaskDef.of("analytics.c", List.of("analytics.b")));
    // b loses its edge from the succeeded a, so it starts ready; b → c stays.
    assertThat(edgesOf(plan))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("analytics.b", List.of(), "analytics.c", List.of("analytics.b")));
    assertThat(plan.labels())
        .containsExactly(
            Map.entry("arco.parent_run_id", PARENT_ID),
            Map.entry("arco.rerun.kind", "FROM_FAILURE"),
            Map.entry("team", "growth"));
    assertThat(plan.rerunReason()).isEqualTo("from_failure_unsucceeded_tasks");
    assertThat(plan.codeVersion()).contains("cv-parent");
    assertThat(plan.partitionKeys()).isEmpty();
    assertThat(plan.runKey()).isEqualTo("rerun:01HQPARENT:from_failure:ef380f1e8debbed3");
  }

  @Test
  void fromFailureIgnoresTheRequestSelectionAndFlags() {
    RerunRequest noisy =
        new RerunRequest(
            RerunMode.FROM_FAILURE,
            List.of("Not A Key", "analytics.zzz"),
            true,
            true,
            Optional.empty(),
            Map.of());
    PlannedRerun plan = RerunPlanner.plan(noisy, failedChain());
    assertThat(plan).isEqualTo(RerunPlanner.plan(RerunRequest.fromFailure(), failedChain()));
    assertThat(plan.requestFingerprint())
        .isEqualTo(
            RerunPlanner.requestFingerprint(
                PARENT_ID,
                RerunMode.FROM_FAILURE,
                List.of("analytics.b", "analytics.c"),
                false,
                false,
                List.of("analytics.b", "analytics.c"),
                List.of(),
                plan.labels()));
  }

  @Test
  void fromFailureOnANonFailedParentIsAConflict() {
    assertConflict(
        () -> RerunPlanner.plan(RerunRequest.fromFailure(), succeededGraph()),
        "rerun-from-failure requires a FAILED parent run");
    // The state check comes before the plan check.
    assertConflict(
        () -> RerunPlanner.plan(RerunRequest.fromFailure(), parent(false, List.of(), List.of())),
        "rerun-from-failure requires a FAILED parent run");
  }

  @Test
  void parentWithoutTasksIsAConflictBeforeAnySelectionCheck() {
    assertConflict(
        () -> RerunPlanner.plan(RerunRequest.fromFailure(), parent(true, List.of(), List.of())),
        "parent run has no plan; cannot rerun");
    assertConflict(
        () -> RerunPlanner.plan(subset(false, false), parent(false, List.of(), List.of())),
        "parent run has no plan; cannot rerun");
    assertConflict(
        () -> RerunPlanner.plan(subset(false, false, "Bad"), parent(true, List.of(), List.of())),
        "parent run has no plan; cannot rerun");
  }

  @Test
  void fromFailureWithEveryTaskSucceededIsAnEmptySelection() {
    assertInvalid(
        () ->
            RerunPlanner.plan(
                RerunRequest.fromFailure(),
                parent(true, List.of(ok("analytics.a"), ok("analytics.b")), List.of())),
        "rerun selection is empty");
  }

  // ---- subset ----

  @Test
  void subsetWithoutFlagsPlansOnlyTheSelection() {
    PlannedRerun plan = RerunPlanner.plan(subset(false, false, "analytics.c"), succeededGraph());
    assertThat(plan.selectedTasks()).containsExactly("analytics.c");
    assertThat(plan.tasks()).containsExactly(TaskDef.of("analytics.c", List.of()));
    assertThat(plan.labels()).containsEntry("arco.rerun.kind", "SUBSET");
    assertThat(plan.rerunReason()).isEqualTo("subset_selection");
    assertThat(plan.runKey()).startsWith("rerun:01HQPARENT:subset:");
  }

  @Test
  void subsetIsAllowedOnASucceededParent() {
    assertThat(RerunPlanner.plan(subset(false, false, "analytics.a"), succeededGraph()).roots())
        .containsExactly("analytics.a");
  }

  @Test
  void subsetWithIncludeDownstreamPlansTheDownstreamClosure() {
    PlannedRerun plan = RerunPlanner.plan(subset(false, true, "analytics.a"), succeededGraph());
    // x is upstream of b, not downstream of a: not added.
    assertThat(plan.selectedTasks())
        .containsExactly("analytics.a", "analytics.b", "analytics.c", "analytics.d");
    assertThat(plan.roots()).containsExactly("analytics.a");
    assertThat(edgesOf(plan))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "analytics.a", List.of(),
                "analytics.b", List.of("analytics.a"),
                "analytics.c", List.of("analytics.b"),
                "analytics.d", List.of("analytics.c")));
  }

  @Test
  void subsetWithIncludeUpstreamPlansTheUpstreamClosure() {
    PlannedRerun plan = RerunPlanner.plan(subset(true, false, "analytics.c"), succeededGraph());
    assertThat(plan.selectedTasks())
        .containsExactly("analytics.a", "analytics.b", "analytics.c", "analytics.x");
    assertThat(edgesOf(plan))
        .containsEntry("analytics.b", List.of("analytics.a", "analytics.x"))
        .containsEntry("analytics.c", List.of("analytics.b"));
  }

  @Test
  void subsetExpansionsStartIndependentlyFromTheRoots() {
    PlannedRerun both = RerunPlanner.plan(subset(true, true, "analytics.c"), succeededGraph());
    assertThat(both.selectedTasks())
        .containsExactly("analytics.a", "analytics.b", "analytics.c", "analytics.d", "analytics.x");
    assertThat(both.roots()).containsExactly("analytics.c");
    // Down from a reaches b, c, d but never b's other upstream x.
    assertThat(
            RerunPlanner.plan(subset(false, true, "analytics.a", "analytics.e"), succeededGraph())
                .selectedTasks())
        .containsExactly("analytics.a", "analytics.b", "analytics.c", "analytics.d", "analytics.e");
  }

  @Test
  void subsetCanonicalisesAndDeduplicatesTheSelection() {
    PlannedRerun plan =
        RerunPlanner.plan(
            subset(false, false, "analytics/c", "analytics.a", "analytics.c"), succeededGraph());
    assertThat(plan.roots()).containsExactly("analytics.a", "analytics.c");
    assertThat(plan.selectedTasks()).containsExactly("analytics.a", "analytics.c");
  }

  @Test
  void unknownTaskKeysAreListedSortedAndDeduplicated() {
    assertInvalid(
        () ->
            RerunPlanner.plan(
                subset(false, false, "analytics.z", "analytics/y", "analytics.a", "analytics.z"),
                succeededGraph()),
        "unknown task keys: analytics.y, analytics.z");
  }

  @Test
  void anInvalidKeyWinsOverUnknownKeysWhereverItStands() {
    assertInvalid(
        () -> RerunPlanner.plan(subset(false, false, "analytics.zz", "Bad.key"), succeededGraph()),
        "invalid asset key 'Bad.key': invalid namespace 'Bad'");
    assertInvalid(
        () -> RerunPlanner.plan(subset(false, false, "analytics/"), succeededGraph()),
        "invalid asset key 'analytics/': namespace and name must be non-empty");
  }

  @Test
  void subsetWithAnEmptySelectionIsRefused() {
    assertInvalid(
        () -> RerunPlanner.plan(subset(true, true), succeededGraph()), "selection cannot be empty");
  }

  @Test
  void edgesWithAnEndOutsideTheParentTasksAreIgnored() {
    ParentRun parent =
        parent(
            true,
            List.of(notOk("analytics.b"), notOk("analytics.c")),
            List.of(
                edge("analytics.ghost", "analytics.b"),
                edge("analytics.b", "analytics.c"),
                edge("analytics.c", "analytics.phantom")));
    PlannedRerun plan = RerunPlanner.plan(subset(true, true, "analytics.b"), parent);
    assertThat(plan.selectedTasks()).containsExactly("analytics.b", "analytics.c");
    assertThat(edgesOf(plan))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("analytics.b", List.of(), "analytics.c", List.of("analytics.b")));
  }

  @Test
  void dependenciesComeFromTheParentEdgesNotTheParentDefs() {
    ParentRun parent =
        parent(
            true,
            List.of(
                notOk("analytics.a"),
                new ParentTask(TaskDef.of("analytics.b", List.of("analytics.stale")), false)),
            List.of(edge("analytics.a", "analytics.b")));
    assertThat(edgesOf(RerunPlanner.plan(RerunRequest.fromFailure(), parent)))
        .containsEntry("analytics.b", List.of("analytics.a"));
  }

  // ---- settings, partitions ----

  @Test
  void taskSettingsAreCopiedFromTheParent() {
    TaskDef tuned =
        new TaskDef(
            "analytics.b",
            List.of("analytics.a"),
            Optional.of("analytics.b"),
            Optional.of("date=d:2024-01-15"),
            7,
            60,
            false,
            Optional.of(5),
            Optional.of(120),
            Optional.of("etl"));
    ParentRun parent =
        parent(
            true,
            List.of(ok("analytics.a"), new ParentTask(tuned, false)),
            List.of(edge("analytics.a", "analytics.b")));
    PlannedRerun plan = RerunPlanner.plan(RerunRequest.fromFailure(), parent);
    assertThat(plan.tasks()).containsExactly(tuned.withDependsOn(List.of()));
    TaskDef copied = plan.tasks().get(0);
    assertThat(copied.maxAttempts()).isEqualTo(7);
    assertThat(copied.heartbeatTimeoutSec()).isEqualTo(60);
    assertThat(copied.requiresVisibleOutput()).isFalse();
    assertThat(copied.retryBackoffSec()).contains(5);
    assertThat(copied.retryMaxBackoffSec()).contains(120);
    assertThat(copied.queue()).isEqualTo("etl");
    assertThat(copied.partitionKey()).contains("date=d:2024-01-15");
    assertThat(plan.partitionKeys()).containsExactly("date=d:2024-01-15");
  }

  @Test
  void partitionKeysAreTheSortedDistinctKeysOfTheSelectedTasks() {
    ParentRun parent =
        parent(
            false,
            List.of(
                partitioned("analytics.a", Optional.of("date=d:2024-01-16")),
                partitioned("analytics.b", Optional.of("date=d:2024-01-15")),
                partitioned("analytics.c", Optional.of("date=d:2024-01-16")),
                partitioned("analytics.d", Optional.empty()),
                partitioned("analytics.e", Optional.of("date=d:2023-12-31"))),
            List.of());
    PlannedRerun plan =
        RerunPlanner.plan(
            subset(false, false, "analytics.a", "analytics.b", "analytics.c", "analytics.d"),
            parent);
    assertThat(plan.partitionKeys()).containsExactly("date=d:2024-01-15", "date=d:2024-01-16");
  }

  private static ParentTask partitioned(String key, Optional<String> partitionKey) {
    return new ParentTask(TaskDef.of(key, List.of()).withPartitionKey(partitionKey), true);
  }

  // ---- run key and fingerprint ----

  @Test
  void derivedRunKeyMatchesTheContractVector() {
    assertThat(
            RerunPlanner.derivedRunKey(
                "01HQPARENT",
                RerunMode.FROM_FAILURE,
                List.of("analytics.c", "analytics.b", "analytics.c"),
                List.of()))
        .isEqualTo("rerun:01HQPARENT:from_failure:ef380f1e8debbed3");
  }

  @Test
  void derivedRunKeyHashesTheDocumentedPayload() {
    String payload =
        "{\"parent_run_id\":\"p1\",\"rerun_kind\":\"SUBSET\","
            + "\"selected_tasks\":[\"analytics.a\",\"analytics.b\"],"
            + "\"partition_keys\":[\"date=d:2024-01-15\"]}";
    assertThat(
            RerunPlanner.derivedRunKey(
                "p1",
                RerunMode.SUBSET,
                List.of("analytics.b", "analytics.a"),
                List.of("date=d:2024-01-15")))
        .isEqualTo("rerun:p1:subset:" + sha256Hex(payload).substring(0, 16));
  }

  @Test
  void fingerprintHashesTheDocumentedPayloadInMemberOrder() {
    ParentRun parent =
        parent(
            false,
            List.of(
                partitioned("analytics.b", Optional.of("date=d:2024-01-15")),
                partitioned("analytics.c", Optional.of("date=d:2024-01-15"))),
            List.of(edge("analytics.b", "analytics.c")));
    RerunRequest request =
        new RerunRequest(
            RerunMode.SUBSET,
            List.of("analytics.b"),
            false,
            true,
            Optional.empty(),
            Map.of("team", "growth"));
    String payload =
        "{\"parent_run_id\":\"01HQPARENT\",\"rerun_kind\":\"SUBSET\",\"roots\":[\"analytics.b\"],"
            + "\"include_upstream\":false,\"include_downstream\":true,"
            + "\"selected_tasks\":[\"analytics.b\",\"analytics.c\"],"
            + "\"partition_keys\":[\"date=d:2024-01-15\"],"
            + "\"labels\":{\"arco.parent_run_id\":\"01HQPARENT\",\"arco.rerun.kind\":\"SUBSET\","
            + "\"team\":\"growth\"}}";
    assertThat(RerunPlanner.plan(request, parent).requestFingerprint())
        .isEqualTo(sha256Hex(payload));
  }

  @Test
  void anExplicitRunKeyOverridesTheDerivedOneButTheFingerprintStays() {
    RerunRequest keyed =
        new RerunRequest(
            RerunMode.FROM_FAILURE, List.of(), false, false, Optional.of("my-key"), Map.of());
    PlannedRerun plan = RerunPlanner.plan(keyed, failedChain());
    PlannedRerun derived = RerunPlanner.plan(RerunRequest.fromFailure(), failedChain());
    assertThat(plan.runKey()).isEqualTo("my-key");
    assertThat(plan.requestFingerprint()).isEqualTo(derived.requestFingerprint());
  }

  @Test
  void sameInputsGiveTheSameKeyAndFingerprintWhateverTheOrder() {
    ParentRun base = succeededGraph();
    List<ParentTask> tasks = new ArrayList<>(base.tasks());
    Collections.reverse(tasks);
    List<ParentEdge> edges = new ArrayList<>(base.edges());
    Collections.reverse(edges);
    ParentRun shuffled =
        new ParentRun(base.runId(), base.foldFailed(), base.codeVersion(), tasks, edges);
    Map<String, String> labels = new HashMap<>(Map.of("b", "2", "a", "1", "c", "3"));

    PlannedRerun first =
        RerunPlanner.plan(
            new RerunRequest(
                RerunMode.SUBSET,
                List.of("analytics.b", "analytics.e"),
                true,
                true,
                Optional.empty(),
                labels),
            base);
    PlannedRerun second =
        RerunPlanner.plan(
            new RerunRequest(
                RerunMode.SUBSET,
                List.of("analytics/e", "analytics.b", "analytics.e"),
                true,
                true,
                Optional.empty(),
                Map.of("c", "3", "a", "1", "b", "2")),
            shuffled);
    assertThat(second).isEqualTo(first);
    assertThat(second.runKey()).isEqualTo(first.runKey());
    assertThat(second.requestFingerprint()).isEqualTo(first.requestFingerprint());

    ParentRun failed = failedChain();
    List<ParentTask> failedTasks = new ArrayList<>(failed.tasks());
    Collections.reverse(failedTasks);
    ParentRun failedShuffled =
        new ParentRun(
            PARENT_ID, true, failed.codeVersion(), failedTasks, failed.edges().reversed());
    assertThat(RerunPlanner.plan(RerunRequest.fromFailure(), failedShuffled))
        .isEqualTo(RerunPlanner.plan(RerunRequest.fromFailure(), failed));
  }

  @Test
  void differentLabelsChangeTheFingerprintButNotTheDerivedKey() {
    PlannedRerun plain = RerunPlanner.plan(fromFailure(Map.of()), failedChain());
    PlannedRerun labelled = RerunPlanner.plan(fromFailure(Map.of("team", "growth")), failedChain());
    assertThat(labelled.runKey()).isEqualTo(plain.runKey());
    assertThat(labelled.requestFingerprint()).isNotEqualTo(plain.requestFingerprint());
  }

  @Test
  void closureFlagsChangeTheFingerprintButNotAnEqualSelectionsKey() {
    // d has no downstream: with or without includeDownstream the selection is {d}.
    PlannedRerun without = RerunPlanner.plan(subset(false, false, "analytics.d"), succeededGraph());
    PlannedRerun with = RerunPlanner.plan(subset(false, true, "analytics.d"), succeededGraph());
    assertThat(with.selectedTasks()).isEqualTo(without.selectedTasks());
    assertThat(with.runKey()).isEqualTo(without.runKey());
    assertThat(with.requestFingerprint()).isNotEqualTo(without.requestFingerprint());
  }

  @Test
  void fromFailureAndSubsetOfTheSameTasksHaveDifferentKeys() {
    PlannedRerun failure = RerunPlanner.plan(RerunRequest.fromFailure(), failedChain());
    PlannedRerun subset =
        RerunPlanner.plan(subset(false, false, "analytics.b", "analytics.c"), failedChain());
    assertThat(subset.selectedTasks()).isEqualTo(failure.selectedTasks());
    assertThat(subset.runKey()).isNotEqualTo(failure.runKey());
    assertThat(subset.requestFingerprint()).isNotEqualTo(failure.requestFingerprint());
  }

  // ---- request validation ----

  @Test
  void requestLimitsUseTheTriggerMessagesLabelsFirst() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i <= 128; i++) {
      tooMany.put("l" + i, "v");
    }
    assertValidation(
        subsetWith(List.of("analytics.a"), tooMany, Optional.empty()),
        "labels exceed max properties (128)");
    assertValidation(
        subsetWith(List.of("analytics.a"), Map.of("k".repeat(129), "v"), Optional.empty()),
        "label key exceeds max length (128)");
    assertValidation(
        subsetWith(List.of("analytics.a"), Map.of("k", "é".repeat(1025)), Optional.empty()),
        "label value exceeds max length (2048)");
    List<String> many = Collections.nCopies(10_001, "analytics.a");
    assertValidation(
        subsetWith(many, Map.of(), Optional.empty()), "selection exceeds max items (10000)");
    assertValidation(
        subsetWith(List.of("analytics." + "é".repeat(124)), Map.of(), Optional.empty()),
        "selection item exceeds max length (256)");
    assertValidation(
        subsetWith(List.of("analytics.a"), Map.of(), Optional.of("r".repeat(257))),
        "runKey exceeds max length (256)");
    // Labels before selection before runKey.
    assertValidation(
        subsetWith(many, Map.of("k", "v".repeat(2049)), Optional.of("r".repeat(257))),
        "label value exceeds max length (2048)");
    assertValidation(
        subsetWith(many, Map.of(), Optional.of("r".repeat(257))),
        "selection exceeds max items (10000)");
    // Exactly at the limits is fine.
    RerunPlanner.validateRequest(
        subsetWith(
            List.of("analytics." + "é".repeat(123)),
            Map.of("k".repeat(128), "v".repeat(2048)),
            Optional.of("r".repeat(256))));
  }

  @Test
  void selectionLimitsApplyToFromFailureToo() {
    assertValidation(
        new RerunRequest(
            RerunMode.FROM_FAILURE,
            Collections.nCopies(10_001, "analytics.a"),
            false,
            false,
            Optional.empty(),
            Map.of()),
        "selection exceeds max items (10000)");
  }

  @Test
  void reservedLabelsAreRefusedAfterTheLimitsInFixedOrder() {
    assertValidation(
        fromFailure(Map.of("arco.rerun.kind", "x", "arco.parent_run_id", "y", "team", "z")),
        "labels cannot include reserved keys: arco.parent_run_id, arco.rerun.kind");
    assertValidation(
        fromFailure(Map.of("arco.rerun.kind", "SUBSET")),
        "labels cannot include reserved keys: arco.rerun.kind");
    assertValidation(
        subsetWith(
            List.of("analytics.a"),
            Map.of("arco.parent_run_id", "p"),
            Optional.of("r".repeat(257))),
        "runKey exceeds max length (256)");
    RerunPlanner.validateRequest(fromFailure(Map.of("arco.other", "ok")));
  }

  private static RerunRequest subsetWith(
      List<String> selection, Map<String, String> labels, Optional<String> runKey) {
    return new RerunRequest(RerunMode.SUBSET, selection, false, false, runKey, labels);
  }

  private static void assertValidation(RerunRequest request, String message) {
    assertInvalid(() -> RerunPlanner.validateRequest(request), message);
  }

  // ---- mode spellings ----

  @Test
  void modesHaveTheContractSpellings() {
    assertThat(RerunMode.parse("fromFailure")).contains(RerunMode.FROM_FAILURE);
    assertThat(RerunMode.parse("subset")).contains(RerunMode.SUBSET);
    assertThat(RerunMode.parse("FROM_FAILURE")).isEmpty();
    assertThat(RerunMode.parse("from_failure")).isEmpty();
    assertThat(RerunMode.parse("all")).isEmpty();
    assertThat(RerunMode.fromKind("SUBSET")).contains(RerunMode.SUBSET);
    assertThat(RerunMode.fromKind("subset")).isEmpty();

    assertThat(RerunMode.FROM_FAILURE.requestName()).isEqualTo("fromFailure");
    assertThat(RerunMode.FROM_FAILURE.kind()).isEqualTo("FROM_FAILURE");
    assertThat(RerunMode.FROM_FAILURE.keySegment()).isEqualTo("from_failure");
    assertThat(RerunMode.FROM_FAILURE.reason()).isEqualTo("from_failure_unsucceeded_tasks");
    assertThat(RerunMode.SUBSET.requestName()).isEqualTo("subset");
    assertThat(RerunMode.SUBSET.kind()).isEqualTo("SUBSET");
    assertThat(RerunMode.SUBSET.keySegment()).isEqualTo("subset");
    assertThat(RerunMode.SUBSET.reason()).isEqualTo("subset_selection");
  }

  @Test
  void aParentWithDuplicateTaskKeysIsRefused() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> parent(true, List.of(notOk("analytics.a"), ok("analytics.a")), List.of())))
        .hasMessage("duplicate parent task key: analytics.a");
  }
}
