package io.arco.flow.fold;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.UnknownEvent;
import io.arco.flow.model.RunState;
import io.arco.flow.model.TaskState;
import io.arco.flow.testing.FoldHarness;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FoldRunLifecycleTest {
  private final FoldHarness h = new FoldHarness();

  @Test
  void planCreatedInitializesReadyRootsBlockedDependentsAndUnresolvedEdges() {
    h.given(runTriggered("r1"), plan("r1", task("a.x"), task("a.y", "a.x"), task("a.z", "a.x", "a.y")));

    RunRow run = h.state().run("r1").orElseThrow();
    assertThat(run.state()).isEqualTo(RunState.RUNNING);
    assertThat(run.tasksTotal()).isEqualTo(3);
    assertThat(h.stateOf("r1", "a.x")).isEqualTo(TaskState.READY);
    assertThat(h.task("r1", "a.x").readyAt()).contains(FoldHarness.T0);
    assertThat(h.task("r1", "a.x").attempt()).isZero();
    assertThat(h.stateOf("r1", "a.y")).isEqualTo(TaskState.BLOCKED);
    assertThat(h.task("r1", "a.z").depsTotal()).isEqualTo(2);
    assertThat(h.state().edgesOf("r1"))
        .extracting(EdgeRow::upstreamTaskKey, EdgeRow::downstreamTaskKey, EdgeRow::satisfied)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.x", "a.y", false),
            org.assertj.core.groups.Tuple.tuple("a.x", "a.z", false),
            org.assertj.core.groups.Tuple.tuple("a.y", "a.z", false));
    assertThat(h.state().edgesOf("r1")).allMatch(e -> e.resolution().isEmpty());
    h.assertReplayEqualsLive();
  }

  @Test
  void aPlanWhoseDependenciesRepeatOrComeUnsortedGetsOneEdgePerPairInKeyOrder() {
    h.given(
        runTriggered("r1"),
        plan("r1", task("a.b"), task("a.a"), task("a.z", "a.b", "a.a", "a.b")));

    assertThat(h.task("r1", "a.z").depsTotal()).isEqualTo(2);
    assertThat(h.state().edgesOf("r1"))
        .extracting(EdgeRow::upstreamTaskKey, EdgeRow::downstreamTaskKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.a", "a.z"),
            org.assertj.core.groups.Tuple.tuple("a.b", "a.z"));
    assertThat(h.state().edge("r1", "a.b", "a.z").orElseThrow().rowVersion())
        .isEqualTo(h.task("r1", "a.z").rowVersion());
    assertThat(h.state().edge("r1", "a.z", "a.b")).isEmpty();
    assertThat(h.state().dependentsOf("r1", "a.a")).containsExactly("a.z");
    h.assertReplayEqualsLive();
  }

  @Test
  void edgesPartlySatisfiedSurviveASnapshotAndKeepSatisfyingTheirDownstream() {
    h.given(
        runTriggered("r1"),
        plan("r1", task("a.a"), task("a.b"), task("a.z", "a.a", "a.b")),
        dispatch("r1", "a.a", 1),
        started("r1", "a.a", 1),
        succeeded("r1", "a.a", 1));

    FoldState restored = FoldState.fromSnapshot(h.state().snapshot());

    assertThat(restored.edge("r1", "a.a", "a.z").orElseThrow().satisfied()).isTrue();
    assertThat(restored.edge("r1", "a.b", "a.z").orElseThrow().satisfied()).isFalse();
    assertThat(restored.task("r1", "a.z").orElseThrow().depsSatisfiedCount()).isEqualTo(1);
    h.given(dispatch("r1", "a.b", 1), started("r1", "a.b", 1), succeeded("r1", "a.b", 1));
    assertThat(h.stateOf("r1", "a.z")).isEqualTo(TaskState.READY);
    assertThat(h.state().edgesOf("r1")).allMatch(EdgeRow::satisfied);
    h.assertReplayEqualsLive();
  }

  @Test
  void runTriggeredAfterPlanCreatedRecoversTaskTotals() {
    h.given(plan("r1", task("a.x"), task("a.y", "a.x")), runTriggered("r1"));

    RunRow run = h.state().run("r1").orElseThrow();
    assertThat(run.tasksTotal()).isEqualTo(2);
    assertThat(run.state()).isEqualTo(RunState.RUNNING);
    h.assertReplayEqualsLive();
  }

  @Test
  void secondRunTriggeredForTheSameRunIsIgnoredAndFirstWins() {
    h.apply(runTriggered("r1"));
    String firstVersion = h.state().run("r1").orElseThrow().rowVersion();

    boolean applied = h.applyWithKey(runTriggered("r1"), "run:other-key");

    assertThat(applied).isFalse();
    assertThat(h.state().run("r1").orElseThrow().rowVersion()).isEqualTo(firstVersion);
    h.assertReplayEqualsLive();
  }

  @Test
  void duplicateRunTriggeredKeyIsDroppedByTheGlobalGate() {
    h.apply(runTriggered("r1", Optional.of("daily")));

    boolean applied = h.apply(runTriggered("r2", Optional.of("daily")));

    assertThat(applied).isFalse();
    assertThat(h.state().run("r2")).isEmpty();
    assertThat(h.state().runKey("daily").orElseThrow().runId()).isEqualTo("r1");
    h.assertReplayEqualsLive();
  }

  @Test
  void runTriggeredWithRunKeyReservesItInTheIndex() {
    h.apply(runTriggered("r1", Optional.of("daily")));

    RunKeyRow row = h.state().runKey("daily").orElseThrow();
    assertThat(row.runId()).isEqualTo("r1");
    assertThat(row.planId()).isEqualTo("plan-r1");
    assertThat(row.requestFingerprint()).contains("fp-daily");
    assertThat(row.createdAt()).isEqualTo(FoldHarness.T0);
    h.assertReplayEqualsLive();
  }

  @Test
  void planCreatedIsIgnoredWhenTheRunAlreadyHasTasks() {
    h.given(runTriggered("r1"), plan("r1", task("a.x")));

    boolean applied = h.applyWithKey(plan("r1", task("a.y")), "plan:again");

    assertThat(applied).isFalse();
    assertThat(h.state().tasksOf("r1")).containsOnlyKeys("a.x");
    h.assertReplayEqualsLive();
  }

  @Test
  void emptyPlanEndsTheRunSucceededAtOnce() {
    h.given(runTriggered("r1"), plan("r1"));

    RunRow run = h.state().run("r1").orElseThrow();
    assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.completedAt()).contains(FoldHarness.T0);
    assertThat(h.state().openRuns()).doesNotContain("r1");
    h.assertReplayEqualsLive();
  }

  @Test
  void runSucceedsWithCompletionTimeWhenEveryTaskSucceeded() {
    h.given(runTriggered("r1"), plan("r1", task("a.x"), task("a.y", "a.x")));
    h.given(dispatch("r1", "a.x", 1), started("r1", "a.x", 1), succeeded("r1", "a.x", 1));
    h.advance(Duration.ofSeconds(5));
    h.given(dispatch("r1", "a.y", 1), started("r1", "a.y", 1), succeeded("r1", "a.y", 1));

    RunRow run = h.state().run("r1").orElseThrow();
    assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run.tasksCompleted()).isEqualTo(2);
    assertThat(run.tasksSucceeded()).isEqualTo(2);
    assertThat(run.completedAt()).contains(FoldHarness.T0.plusSeconds(5));
    assertThat(h.state().openRuns()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void unknownEventIsIgnoredAndItsKeyIsNotRecorded() {
    int before = h.state().idempotencyKeyCount();

    boolean applied = h.apply(new UnknownEvent("future_thing", "{\"type\":\"future_thing\"}"));

    assertThat(applied).isFalse();
    assertThat(h.state().idempotencyKeyCount()).isEqualTo(before);
    h.assertReplayEqualsLive();
  }

  @Test
  void rejectedEventRecordsNoKeySoItCanApplyLater() {
    boolean early = h.apply(plan("r1", task("a.x")));
    assertThat(early).isTrue();
    boolean rejected = h.apply(started("r1", "a.x", 1));
    assertThat(rejected).isFalse();
    assertThat(h.state().hasIdempotencyKey("started:r1:a.x:1")).isFalse();

    h.apply(dispatch("r1", "a.x", 1));
    boolean later = h.apply(started("r1", "a.x", 1));

    assertThat(later).isTrue();
    assertThat(h.state().hasIdempotencyKey("started:r1:a.x:1")).isTrue();
    h.assertReplayEqualsLive();
  }
}
