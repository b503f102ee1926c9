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
}
