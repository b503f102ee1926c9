package io.arco.flow.query;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.EdgeResolution;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.testing.FoldHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunViewsTest {
  private static RunView failBothUpstreams(List<String> depOrder, List<String> failOrder) {
    FoldHarness h = new FoldHarness();
    TaskDef c = task("analytics.c", depOrder.toArray(String[]::new));
    h.given(
        runTriggered("r1"),
        new PlanCreated("r1", "plan-r1", List.of(task("analytics.a"), task("analytics.b"), c)));
    h.given(dispatch("r1", "analytics.a", 1), dispatch("r1", "analytics.b", 1));
    for (String key : failOrder) {
      h.apply(failed("r1", key, 1, ErrorCategory.CONFIGURATION));
    }
    return RunViews.of(h.state(), "r1").orElseThrow();
  }

  @Test
  void skipAttributionIsDeterministicAcrossEdgeOrdering() {
    RunView ab = failBothUpstreams(List.of("analytics.a", "analytics.b"), List.of("analytics.a", "analytics.b"));
    RunView ba = failBothUpstreams(List.of("analytics.b", "analytics.a"), List.of("analytics.b", "analytics.a"));

    TaskView c = ab.tasks().get(2);
    assertThat(c.skipAttribution()).contains(new SkipAttribution("analytics.a", EdgeResolution.FAILED));
    assertThat(ba.tasks()).isEqualTo(ab.tasks());
    assertThat(ba).isEqualTo(ab);
  }

  @Test
  void theEarliestFailureWinsOverTheSmallerKey() {
    FoldHarness h = new FoldHarness();
    h.given(runTriggered("r1"), plan("r1", task("s.a"), task("s.b"), task("s.c", "s.a", "s.b")));
    h.given(dispatch("r1", "s.a", 1), dispatch("r1", "s.b", 1));
    h.apply(failed("r1", "s.b", 1, ErrorCategory.CONFIGURATION));
    h.advance(java.time.Duration.ofMillis(5));
    h.apply(failed("r1", "s.a", 1, ErrorCategory.CONFIGURATION));

    RunView v = RunViews.of(h.state(), "r1").orElseThrow();

    assertThat(v.tasks().get(2).skipAttribution())
        .contains(new SkipAttribution("s.b", EdgeResolution.FAILED));
  }

  @Test
  void retryAttributionNamesThePriorAttemptsError() {
    FoldHarness h = new FoldHarness();
    h.given(runTriggered("r1"), plan("r1", task("s.a")));
    h.given(dispatch("r1", "s.a", 1), started("r1", "s.a", 1), failed("r1", "s.a", 1));
    h.given(dispatch("r1", "s.a", 2), started("r1", "s.a", 2), succeeded("r1", "s.a", 2));

    TaskView t = RunViews.of(h.state(), "r1").orElseThrow().tasks().get(0);

    RetryAttribution r = t.retryAttribution().orElseThrow();
    assertThat(r.retries()).isEqualTo(1);
    assertThat(r.reason()).isEqualTo("prior_attempt_failed");
    assertThat(r.priorAttemptError().orElseThrow().message()).isEqualTo("boom s.a");
    assertThat(r.priorAttemptError().orElseThrow().category()).contains(ErrorCategory.USER_CODE);
    assertThat(r.priorAttemptError().orElseThrow().attempt()).isEqualTo(1);
  }

  @Test
  void aCancelledTaskGetsNoSkipAttribution() {
    FoldHarness h = new FoldHarness();
    h.given(runTriggered("r1"), plan("r1", task("s.a"), task("s.b", "s.a")));
    h.given(dispatch("r1", "s.a", 1), cancelledOutcome("r1", "s.a", 1));

    RunView v = RunViews.of(h.state(), "r1").orElseThrow();

    assertThat(v.state()).isEqualTo(PublicRunState.CANCELLED);
    assertThat(v.tasks().get(1).skipAttribution()).isEmpty();
  }

  private static TaskDef visibleOutput(String key) {
    return new TaskDef(
        key, List.of(), java.util.Optional.of(key), java.util.Optional.empty(), 3, 30, true,
        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty());
  }

  private static io.arco.flow.event.TaskCompletionRecorded succeededWithVisibility(
      String runId, String taskKey, io.arco.flow.model.OutputVisibilityState v) {
    io.arco.flow.event.TaskCompletionRecorded plain = succeeded(runId, taskKey, 1);
    return new io.arco.flow.event.TaskCompletionRecorded(
        plain.runId(), plain.taskKey(), plain.attempt(), plain.attemptId(), plain.workerId(), plain.outcome(),
        plain.materializationId(), plain.errorMessage(), plain.output(), plain.error(), plain.metrics(),
        plain.cancelledDuringPhase(), plain.partialProgressJson(), plain.assetKey(), plain.partitionKey(),
        plain.codeVersion(),
        java.util.Optional.of(
            new io.arco.flow.event.OutputVisibilityUpdate(v, java.util.Optional.empty(), java.util.Optional.empty())),
        plain.failedAt());
  }

  @Test
  void aLiveRunWhoseVisibleOutputFailedToPublishShowsFailedWhileOtherTasksRun() {
    FoldHarness h = new FoldHarness();
    h.given(runTriggered("r1"), new PlanCreated("r1", "plan-r1", List.of(task("s.a"), visibleOutput("s.v"))));
    h.given(dispatch("r1", "s.a", 1), dispatch("r1", "s.v", 1), started("r1", "s.v", 1));
    var run = h.state().run("r1").orElseThrow();
    assertThat(RunViews.publicState(h.state(), run)).isEqualTo(PublicRunState.RUNNING);

    h.apply(succeededWithVisibility("r1", "s.v", io.arco.flow.model.OutputVisibilityState.FAILED));

    run = h.state().run("r1").orElseThrow();
    assertThat(run.state()).isEqualTo(io.arco.flow.model.RunState.RUNNING);
    assertThat(RunViews.publicState(h.state(), run)).isEqualTo(PublicRunState.FAILED);
    assertThat(RunViews.of(h.state(), "r1").orElseThrow().state()).isEqualTo(PublicRunState.FAILED);
  }

  @Test
  void aRunWhoseTasksAllSucceededShowsRunningUntilItsVisibleOutputIsPublished() {
    FoldHarness h = new FoldHarness();
    h.given(runTriggered("r1"), new PlanCreated("r1", "plan-r1", List.of(task("s.a"), visibleOutput("s.v"))));
    h.given(dispatch("r1", "s.a", 1), dispatch("r1", "s.v", 1), started("r1", "s.a", 1), started("r1", "s.v", 1));
    h.given(succeeded("r1", "s.a", 1), succeededWithVisibility("r1", "s.v", io.arco.flow.model.OutputVisibilityState.PENDING));

    var run = h.state().run("r1").orElseThrow();
    assertThat(run.state()).isEqualTo(io.arco.flow.model.RunState.SUCCEEDED);
    assertThat(RunViews.publicState(h.state(), run)).isEqualTo(PublicRunState.RUNNING);
  }
}
