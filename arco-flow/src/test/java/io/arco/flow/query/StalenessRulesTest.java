package io.arco.flow.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.model.StalenessReason;
import io.arco.flow.plan.FreshnessPolicy;
import io.arco.flow.query.StalenessRules.CodeVersion;
import io.arco.flow.query.StalenessRules.Materialization;
import io.arco.flow.query.StalenessRules.Upstream;
import io.arco.flow.query.StalenessRules.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The staleness rules with upstreams (flow-model part 4 §5.2): each reason, and their order. */
class StalenessRulesTest {
  private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
  private static final Instant DEPLOYED = T0.minus(Duration.ofDays(1));
  private static final CodeVersion CODE = new CodeVersion("code-2", DEPLOYED);

  private static Optional<Materialization> at(Instant t, String code) {
    return Optional.of(new Materialization(t, Optional.of(code)));
  }

  private static Upstream up(String key, Optional<Materialization> m) {
    return new Upstream(key, Optional.of("date=d:2025-01-15"), m);
  }

  private static Optional<Verdict> judge(
      Optional<Materialization> self, List<Upstream> ups, Optional<FreshnessPolicy> policy, Instant now) {
    return StalenessRules.judge(self, CODE, ups, policy, now);
  }

  @Test
  void withoutAMaterializationItIsNeverMaterializedWithoutStaleSince() {
    Verdict v = judge(Optional.empty(), List.of(), Optional.empty(), T0).orElseThrow();
    assertThat(v.reason()).isEqualTo(StalenessReason.NEVER_MATERIALIZED);
    assertThat(v.staleSince()).isEmpty();
    assertThat(v.causes()).isEmpty();
  }

  @Test
  void anotherCodeVersionIsCodeChangedSinceTheLatestDeploy() {
    Verdict v = judge(at(T0, "code-1"), List.of(), Optional.empty(), T0).orElseThrow();
    assertThat(v.reason()).isEqualTo(StalenessReason.CODE_CHANGED);
    assertThat(v.staleSince()).contains(DEPLOYED);
    assertThat(v.causes())
        .containsExactly(
            new StalenessCause(
                StalenessReason.CODE_CHANGED, Optional.empty(), Optional.empty(), Optional.of(DEPLOYED),
                Optional.of("code-2")));
  }

  @Test
  void anUnknownCodeVersionIsNotCompared() {
    Optional<Materialization> unknown = Optional.of(new Materialization(T0, Optional.empty()));
    assertThat(judge(unknown, List.of(), Optional.empty(), T0)).isEmpty();
  }

  @Test
  void anUpstreamThatNeverMaterializedNamesEachSuchUpstream() {
    Verdict v =
        judge(
                at(T0, "code-2"),
                List.of(up("a.x", Optional.empty()), up("a.y", at(T0.plusSeconds(5), "code-2")), up("a.z", Optional.empty())),
                Optional.empty(),
                T0)
            .orElseThrow();
    assertThat(v.reason()).isEqualTo(StalenessReason.UPSTREAM_NEVER_MATERIALIZED);
    assertThat(v.staleSince()).isEmpty();
    assertThat(v.causes()).extracting(c -> c.assetKey().orElseThrow()).containsExactly("a.x", "a.z");
    assertThat(v.causes()).allSatisfy(c -> assertThat(c.at()).isEmpty());
  }

  @Test
  void aNewerUpstreamIsUpstreamChangedSinceTheFirstNewerUpstreamInOrder() {
    Instant later = T0.plusSeconds(60);
    Instant earlier = T0.plusSeconds(30);
    Verdict v =
        judge(
                at(T0, "code-2"),
                List.of(up("a.a", at(T0, "code-2")), up("a.b", at(later, "code-2")), up("a.c", at(earlier, "code-2"))),
                Optional.empty(),
                T0)
            .orElseThrow();
    assertThat(v.reason()).isEqualTo(StalenessReason.UPSTREAM_CHANGED);
    assertThat(v.staleSince()).as("the first newer upstream in key order, not the min or max").contains(later);
    assertThat(v.causes()).extracting(c -> c.assetKey().orElseThrow()).containsExactly("a.b", "a.c");
    assertThat(v.causes().get(0).at()).contains(later);
    assertThat(v.causes().get(0).partitionKey()).contains("date=d:2025-01-15");
  }

  @Test
  void anUpstreamMaterializedAtTheSameInstantIsNotNewer() {
    assertThat(judge(at(T0, "code-2"), List.of(up("a.a", at(T0, "code-2"))), Optional.empty(), T0)).isEmpty();
  }

  @Test
  void pastTheLagItIsStaleSinceTheFreshnessDeadline() {
    Optional<FreshnessPolicy> hour = Optional.of(new FreshnessPolicy(60));
    Instant deadline = T0.plus(Duration.ofHours(1));
    assertThat(judge(at(T0, "code-2"), List.of(), hour, deadline)).as("not after the deadline yet").isEmpty();
    Verdict v = judge(at(T0, "code-2"), List.of(), hour, deadline.plusMillis(1)).orElseThrow();
    assertThat(v.reason()).isEqualTo(StalenessReason.FRESHNESS_POLICY);
    assertThat(v.staleSince()).contains(deadline);
    assertThat(v.causes()).singleElement().satisfies(c -> assertThat(c.at()).contains(deadline));
  }

  @Test
  void theRulesApplyInTheSpecifiedOrder() {
    Instant late = T0.plus(Duration.ofDays(2));
    Optional<FreshnessPolicy> policy = Optional.of(new FreshnessPolicy(1));
    List<Upstream> both = List.of(up("a.never", Optional.empty()), up("a.newer", at(T0.plusSeconds(1), "code-2")));
    List<Upstream> newer = List.of(up("a.newer", at(T0.plusSeconds(1), "code-2")));

    assertThat(judge(Optional.empty(), both, policy, late).orElseThrow().reason())
        .isEqualTo(StalenessReason.NEVER_MATERIALIZED);
    assertThat(judge(at(T0, "code-1"), both, policy, late).orElseThrow().reason())
        .isEqualTo(StalenessReason.CODE_CHANGED);
    assertThat(judge(at(T0, "code-2"), both, policy, late).orElseThrow().reason())
        .isEqualTo(StalenessReason.UPSTREAM_NEVER_MATERIALIZED);
    assertThat(judge(at(T0, "code-2"), newer, policy, late).orElseThrow().reason())
        .isEqualTo(StalenessReason.UPSTREAM_CHANGED);
    assertThat(judge(at(T0, "code-2"), List.of(), policy, late).orElseThrow().reason())
        .isEqualTo(StalenessReason.FRESHNESS_POLICY);
    assertThat(judge(at(T0, "code-2"), List.of(), Optional.empty(), late)).isEmpty();
  }

  /** One call's inputs, built afresh each time so equal inputs are never the same objects. */
  private record Inputs(
      java.util.function.Supplier<Optional<Materialization>> self,
      java.util.function.Supplier<List<Upstream>> ups,
      Optional<FreshnessPolicy> policy,
      Instant now,
      Optional<StalenessReason> expected) {
    Optional<Verdict> judgeOnce() {
      return judge(self.get(), ups.get(), policy, now);
    }
  }

  @Test
  void theSameInputsGiveTheSameVerdict() {
    Instant late = T0.plus(Duration.ofDays(2));
    Optional<FreshnessPolicy> hour = Optional.of(new FreshnessPolicy(60));
    List<Inputs> cases =
        List.of(
            new Inputs(Optional::empty, List::of, Optional.empty(), T0, Optional.of(StalenessReason.NEVER_MATERIALIZED)),
            new Inputs(() -> at(T0, "code-1"), List::of, Optional.empty(), T0, Optional.of(StalenessReason.CODE_CHANGED)),
            new Inputs(
                () -> at(T0, "code-2"),
                () -> List.of(up("a.x", Optional.empty()), up("a.z", Optional.empty())),
                Optional.empty(),
                T0,
                Optional.of(StalenessReason.UPSTREAM_NEVER_MATERIALIZED)),
            new Inputs(
                () -> at(T0, "code-2"),
                () -> List.of(up("a.b", at(T0.plusSeconds(60), "code-2")), up("a.c", at(T0.plusSeconds(30), "code-2"))),
                Optional.empty(),
                T0,
                Optional.of(StalenessReason.UPSTREAM_CHANGED)),
            new Inputs(() -> at(T0, "code-2"), List::of, hour, late, Optional.of(StalenessReason.FRESHNESS_POLICY)),
            new Inputs(() -> at(T0, "code-2"), () -> List.of(up("a.a", at(T0, "code-2"))), hour, T0, Optional.empty()));
    for (Inputs in : cases) {
      Optional<Verdict> first = in.judgeOnce();
      Optional<Verdict> second = in.judgeOnce();
      assertThat(first.map(Verdict::reason)).isEqualTo(in.expected());
      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void withoutAFreshnessPolicyTheVerdictAndItsStaleSinceDoNotDependOnNow() {
    List<Upstream> ups = List.of(up("a.b", at(T0.plusSeconds(1), "code-2")));
    Optional<Verdict> atT0 = judge(at(T0, "code-2"), ups, Optional.empty(), T0);
    assertThat(atT0.map(Verdict::reason)).contains(StalenessReason.UPSTREAM_CHANGED);
    assertThat(atT0.flatMap(Verdict::staleSince)).contains(T0.plusSeconds(1));
    assertThat(atT0).isEqualTo(judge(at(T0, "code-2"), ups, Optional.empty(), T0.plus(Duration.ofDays(3))));
  }
}
