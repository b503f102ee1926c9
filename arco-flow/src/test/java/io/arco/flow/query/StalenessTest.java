package io.arco.flow.query;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.model.PartitionStatus;
import io.arco.flow.model.Scope;
import io.arco.flow.model.StalenessReason;
import io.arco.flow.plan.ManifestParser;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.testing.FoldHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Staleness judged from the fold's projections and the latest manifest: upstream mapping by
 * partitioning, which rows are judged, and the report, partition list, summary and
 * reconciliation plan built on it.
 */
class StalenessTest {
  private static final String P1 = "date=d:2025-01-15";
  private static final String P2 = "date=d:2025-01-16";
  private static final String DAILY =
      "{\"dimensions\":[{\"name\":\"date\",\"kind\":\"time\",\"granularity\":\"day\"}]}";
  private static final String REGION =
      "{\"dimensions\":[{\"name\":\"region\",\"kind\":\"static\",\"values\":[\"eu\",\"us\"]}]}";
  private static final Instant DEPLOYED = FoldHarness.T0.minus(Duration.ofHours(1));

  private final FoldHarness h = new FoldHarness();
  private int runs;

  private static String asset(String key, String partitioning, String extra, String... deps) {
    String[] k = key.split("\\.");
    StringBuilder d = new StringBuilder();
    for (String dep : deps) {
      String[] u = dep.split("\\.");
      d.append(d.isEmpty() ? "" : ",")
          .append("{\"upstreamKey\":{\"namespace\":\"").append(u[0]).append("\",\"name\":\"").append(u[1]).append("\"}}");
    }
    return "{\"key\":{\"namespace\":\"" + k[0] + "\",\"name\":\"" + k[1] + "\"},\"id\":\"" + key + "\""
        + (partitioning == null ? "" : ",\"partitioning\":" + partitioning)
        + (extra == null ? "" : "," + extra)
        + ",\"dependencies\":[" + d + "]}";
  }

  private static Optional<StoredManifestDocument> manifest(String codeVersion) {
    String body =
        "{\"manifestVersion\":\"1\",\"codeVersionId\":\"" + codeVersion + "\",\"assets\":["
            + String.join(
                ",",
                asset("s.raw", DAILY, null),
                asset("s.clean", DAILY, null, "s.raw"),
                asset("s.dim", null, null),
                asset("s.joined", DAILY, "\"freshnessPolicy\":{\"maximumLagMinutes\":60}", "s.dim"),
                asset("s.report", null, null, "s.clean"),
                asset("s.regional", REGION, null, "s.raw"))
            + "]}";
    try {
      return Optional.of(
          StoredManifestDocument.of(
              "01JM", new Scope("t1", "w1"), DEPLOYED,
              ManifestParser.parse(new ObjectMapper().readTree(body), "tester")));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Optional<StoredManifestDocument> LATEST = manifest("code-1");

  /** Dispatches and succeeds the asset's task (for the partition, if any) at the harness's now. */
  private void materialize(String asset, String partition) {
    String run = "r" + (++runs);
    var def = task(asset).withPartitionKey(Optional.ofNullable(partition));
    h.given(runTriggered(run), new PlanCreated(run, "p-" + run, List.of(def)), dispatch(run, asset, 1));
    var done = succeeded(run, asset, 1);
    h.apply(partition == null ? done : done.withPartition(partition));
  }

  private void dispatchOnly(String asset, String partition) {
    String run = "r" + (++runs);
    var def = task(asset).withPartitionKey(Optional.of(partition));
    h.given(runTriggered(run), new PlanCreated(run, "p-" + run, List.of(def)), dispatch(run, asset, 1));
  }

  private void tick() {
    h.advance(Duration.ofMinutes(1));
  }

  private Staleness staleness() {
    return Staleness.of(h.state(), LATEST, h.now());
  }

  private Optional<StalenessView> of(String asset, String partition) {
    return staleness().ofPartition(h.state().partitionStatus(asset, partition).orElseThrow());
  }

  @Test
  void aPartitionIsFedByTheUpstreamPartitionOfTheSameKeyWhenPartitioningIsIdentical() {
    materialize("s.raw", P1);
    tick();
    materialize("s.clean", P1);
    materialize("s.clean", P2);
    assertThat(of("s.clean", P1)).isEmpty();

    StalenessView never = of("s.clean", P2).orElseThrow();
    assertThat(never.reason()).isEqualTo(StalenessReason.UPSTREAM_NEVER_MATERIALIZED);
    assertThat(never.causes()).singleElement().satisfies(c -> {
      assertThat(c.assetKey()).contains("s.raw");
      assertThat(c.partitionKey()).contains(P2);
    });

    tick();
    materialize("s.raw", P1);
    StalenessView changed = of("s.clean", P1).orElseThrow();
    assertThat(changed.reason()).isEqualTo(StalenessReason.UPSTREAM_CHANGED);
    assertThat(changed.staleSince()).contains(h.now());
    assertThat(changed.causes()).singleElement().satisfies(c -> {
      assertThat(c.assetKey()).contains("s.raw");
      assertThat(c.partitionKey()).contains(P1);
      assertThat(c.at()).contains(h.now());
    });
    h.assertReplayEqualsLive();
  }

  @Test
  void anUnpartitionedUpstreamFeedsEveryPartitionThroughItsAssetMaterialization() {
    materialize("s.dim", null);
    tick();
    materialize("s.joined", P1);
    assertThat(of("s.joined", P1)).isEmpty();
    tick();
    materialize("s.dim", null);

    StalenessView v = of("s.joined", P1).orElseThrow();
    assertThat(v.reason()).isEqualTo(StalenessReason.UPSTREAM_CHANGED);
    assertThat(v.causes().get(0).assetKey()).contains("s.dim");
    assertThat(v.causes().get(0).partitionKey()).isEmpty();
  }

  @Test
  void anUpstreamWithOtherPartitioningCountsItsLatestPartition() {
    materialize("s.raw", P1);
    tick();
    materialize("s.regional", "region=s:ZXU");
    materialize("s.clean", P2);
    tick();
    materialize("s.report", null);
    assertThat(staleness().ofAsset("s.report")).isEmpty();
    assertThat(of("s.regional", "region=s:ZXU")).isEmpty();
    tick();
    materialize("s.clean", P2);
    materialize("s.raw", P2);

    StalenessView report = staleness().ofAsset("s.report").orElseThrow();
    assertThat(report.reason()).isEqualTo(StalenessReason.UPSTREAM_CHANGED);
    assertThat(report.partitionKey()).isEmpty();
    assertThat(report.causes().get(0).partitionKey()).contains(P2);
    StalenessView regional = of("s.regional", "region=s:ZXU").orElseThrow();
    assertThat(regional.causes().get(0).partitionKey()).as("the newest of s.raw's partitions").contains(P2);
  }

  @Test
  void aNewCodeVersionAndTheFreshnessLagMakeMaterializedPartitionsStale() {
    materialize("s.dim", null);
    materialize("s.joined", P1);
    assertThat(Staleness.of(h.state(), manifest("code-2"), h.now()).ofPartition(
            h.state().partitionStatus("s.joined", P1).orElseThrow()).orElseThrow().staleSince())
        .contains(DEPLOYED);
    Instant materialized = h.now();
    h.advance(Duration.ofMinutes(61));
    StalenessView v = of("s.joined", P1).orElseThrow();
    assertThat(v.reason()).isEqualTo(StalenessReason.FRESHNESS_POLICY);
    assertThat(v.staleSince()).contains(materialized.plus(Duration.ofMinutes(60)));
  }

  @Test
  void onlyAssetsOfTheLatestManifestAreJudged() {
    materialize("s.gone", P1);
    h.given(runTriggered("rx"), plan("rx", task("s.dim")), dispatch("rx", "s.dim", 1));
    h.apply(succeeded("rx", "s.dim", 1, output("t", 1, "p")));
    Staleness s = staleness();
    assertThat(s.ofPartition(h.state().partitionStatus("s.gone", P1).orElseThrow())).isEmpty();
    assertThat(s.ofPartition(h.state().partitionStatus("s.dim", "p").orElseThrow()))
        .as("a deltaPartition of an unpartitioned asset").isEmpty();
    assertThat(Staleness.of(h.state(), Optional.empty(), h.now()).ofAsset("s.report")).isEmpty();
  }

  @Test
  void theReportListsStaleEntriesInOrderAndPagesWithItsCursor() {
    materialize("s.raw", P1);
    dispatchOnly("s.raw", P2);
    tick();
    materialize("s.clean", P1);

    List<StalenessView> all = StalenessReport.list(h.state(), staleness(), Optional.empty(), Optional.empty(), 50);
    assertThat(all)
        .extracting(v -> v.assetKey() + "/" + v.partitionKey().orElse("-") + "/" + v.reason())
        .containsExactly(
            "s.dim/-/NEVER_MATERIALIZED",
            "s.raw/" + P2 + "/NEVER_MATERIALIZED",
            "s.report/-/NEVER_MATERIALIZED");

    List<StalenessView> first = StalenessReport.list(h.state(), staleness(), Optional.empty(), Optional.empty(), 1);
    assertThat(first).hasSize(2);
    List<StalenessView> next =
        StalenessReport.list(
            h.state(), staleness(), Optional.empty(), Optional.of(new PartitionCursor("s.dim", "")), 1);
    assertThat(next).extracting(StalenessView::assetKey).containsExactly("s.raw", "s.report");
    assertThat(StalenessReport.list(h.state(), staleness(), Optional.of("s.raw"), Optional.empty(), 50))
        .extracting(v -> v.partitionKey().orElseThrow()).containsExactly(P2);
    assertThat(StalenessReport.list(h.state(), staleness(), Optional.of("s/raw"), Optional.empty(), 50)).isEmpty();
  }

  @Test
  void partitionPagesWalkTheIndexWithFiltersAndTheSummaryCountsEveryRow() {
    materialize("s.raw", P1);
    dispatchOnly("s.raw", P2);
    materialize("s.clean", P1);
    materialize("s.clean", P2);

    PartitionQuery all = new PartitionQuery(Optional.empty(), false, Optional.empty(), Optional.empty(), 2);
    List<PartitionStatusView> page = PartitionViews.list(h.state(), staleness(), all);
    assertThat(page).extracting(v -> v.assetKey() + "/" + v.partitionKey())
        .containsExactly("s.clean/" + P1, "s.clean/" + P2, "s.raw/" + P1);
    PartitionQuery rest =
        new PartitionQuery(Optional.empty(), false, Optional.empty(), Optional.of(new PartitionCursor("s.clean", P2)), 2);
    assertThat(PartitionViews.list(h.state(), staleness(), rest)).extracting(PartitionStatusView::partitionKey)
        .containsExactly(P1, P2);

    PartitionQuery stale = new PartitionQuery(Optional.empty(), true, Optional.empty(), Optional.empty(), 50);
    assertThat(PartitionViews.list(h.state(), staleness(), stale))
        .extracting(v -> v.assetKey() + "/" + v.staleness().orElseThrow().reason())
        .containsExactly("s.clean/UPSTREAM_NEVER_MATERIALIZED", "s.raw/NEVER_MATERIALIZED");
    PartitionQuery inProgress =
        new PartitionQuery(Optional.of("s.raw"), false, Optional.of(PartitionStatus.IN_PROGRESS), Optional.empty(), 50);
    assertThat(PartitionViews.list(h.state(), staleness(), inProgress)).extracting(PartitionStatusView::partitionKey)
        .containsExactly(P2);
    PartitionQuery outside =
        new PartitionQuery(Optional.of("s.raw"), false, Optional.empty(), Optional.of(new PartitionCursor("s.clean", P1)), 50);
    assertThat(PartitionViews.list(h.state(), staleness(), outside)).hasSize(2);
    PartitionQuery past =
        new PartitionQuery(Optional.of("s.clean"), false, Optional.empty(), Optional.of(new PartitionCursor("s.raw", "")), 50);
    assertThat(PartitionViews.list(h.state(), staleness(), past)).isEmpty();

    assertThat(PartitionViews.summary(h.state(), staleness(), "s.raw").orElseThrow())
        .isEqualTo(new PartitionSummary("s.raw", 2, 1, 1, 1, 0, 1));
    assertThat(PartitionViews.summary(h.state(), staleness(), "s.nothing")).isEmpty();
  }

  @Test
  void theStatusMapHoldsOneAssetsRowsInListOrderWithTheirStatusAndStalePositions() {
    dispatchOnly("s.raw", P2);
    materialize("s.raw", P1);
    materialize("s.clean", P1);

    PartitionStatusMap map = PartitionViews.statusMap(h.state(), staleness(), "s.raw").orElseThrow();

    assertThat(map.assetKey()).isEqualTo("s.raw");
    assertThat(map.total()).isEqualTo(2);
    assertThat(map.keys()).containsExactly(P1, P2);
    assertThat(map.statuses()).containsExactly(PartitionStatus.MATERIALIZED, PartitionStatus.IN_PROGRESS);
    assertThat(map.staleIndices()).containsExactly(1);
    PartitionQuery all = new PartitionQuery(Optional.of("s.raw"), false, Optional.empty(), Optional.empty(), 50);
    assertThat(PartitionViews.list(h.state(), staleness(), all))
        .extracting(PartitionStatusView::partitionKey, PartitionStatusView::status, PartitionStatusView::stale)
        .containsExactly(
            tuple(P1, PartitionStatus.MATERIALIZED, false),
            tuple(P2, PartitionStatus.IN_PROGRESS, true));
    assertThat(PartitionViews.count(h.state(), "s.raw")).isEqualTo(2);
    assertThat(PartitionViews.statusMap(h.state(), staleness(), "s.nothing")).isEmpty();
  }

  @Test
  void theReconciliationPlanHasOneDeterministicRunPerStaleEntry() {
    materialize("s.raw", P1);
    dispatchOnly("s.raw", P2);
    tick();
    materialize("s.clean", P1);
    TreeSet<String> selection = new TreeSet<>(List.of("s.clean", "s.dim", "s.raw"));

    List<ReconciliationRun> plan = ReconciliationPlans.plan(h.state(), staleness(), selection, Optional.empty());
    assertThat(plan).extracting(ReconciliationRun::runKey)
        .allMatch(k -> k.matches("reconcile:s\\.[a-z]+:[^:]+(:[^:]+)*:[0-9a-f]{16}"));
    assertThat(plan).extracting(r -> r.assetKey() + "/" + r.partitionKey().orElse("-"))
        .containsExactly("s.dim/-", "s.raw/" + P2);
    assertThat(plan.get(0).runKey()).startsWith("reconcile:s.dim:-:");
    assertThat(ReconciliationPlans.plan(h.state(), staleness(), selection, Optional.empty())).isEqualTo(plan);
    assertThat(ReconciliationPlans.plan(h.state(), staleness(), selection, Optional.of(new TreeSet<>(List.of(P1)))))
        .extracting(ReconciliationRun::assetKey).containsExactly("s.dim");

    tick();
    materialize("s.raw", P1);
    List<ReconciliationRun> after = ReconciliationPlans.plan(h.state(), staleness(), new TreeSet<>(List.of("s.clean")), Optional.empty());
    assertThat(after).singleElement().satisfies(r -> {
      assertThat(r.staleness().reason()).isEqualTo(StalenessReason.UPSTREAM_CHANGED);
      assertThat(r.runKey()).startsWith("reconcile:s.clean:" + P1 + ":");
    });
    tick();
    materialize("s.raw", P1);
    String newer = ReconciliationPlans.plan(h.state(), staleness(), new TreeSet<>(List.of("s.clean")), Optional.empty()).get(0).runKey();
    assertThat(newer).as("a newer upstream materialization is a new basis").isNotEqualTo(after.get(0).runKey());
  }

  @Test
  void anOverlongRunKeyHashesThePartitionKey() {
    String longKey = "name=s:" + "QUJD".repeat(80);
    StalenessView v = new StalenessView("s.raw", Optional.of(longKey), StalenessReason.NEVER_MATERIALIZED, Optional.empty(), List.of());
    String key = ReconciliationPlans.runKey(v);
    assertThat(key).matches("reconcile:s\\.raw:h[0-9a-f]{16}:[0-9a-f]{16}");
  }
}
