package io.arco.flow.query;

import io.arco.flow.fold.AssetMaterializationRow;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.PartitionStatusRow;
import io.arco.flow.plan.AssetGraph;
import io.arco.flow.plan.ManifestAsset;
import io.arco.flow.plan.PartitionSpec;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.query.StalenessRules.Materialization;
import io.arco.flow.query.StalenessRules.Upstream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Judges staleness (flow-model part 4 §5, decisions §6.5, §6.10) from the fold's materialization
 * facts (flow-model §0.3.14), the latest manifest and a given {@code now}: one evaluator per read,
 * caching what it derives per asset.
 *
 * <p>What is judged: the partition status rows of assets that are partitioned in the latest
 * manifest, and the assets that are unpartitioned there (their materialization is the asset's own,
 * not a partition row). Rows of assets missing from the latest manifest, or unpartitioned in it
 * (a {@code deltaPartition} reported by an unpartitioned task), are never stale; without a deployed
 * manifest nothing is.
 *
 * <p>Upstreams are the asset's dependencies in the latest manifest, in key order, each mapped to
 * what feeds the judged partition: an unpartitioned upstream by its asset materialization; an
 * upstream with identical partitioning ({@link PartitionSpec#compatibleWith}) by its partition of
 * the same key; an upstream with any other partitioning by the latest materialization among all
 * its partitions (no finer mapping is declared, so any newer upstream partition counts).
 */
public final class Staleness {
  private final FoldState state;
  private final Optional<StalenessRules.CodeVersion> code;
  private final Map<String, ManifestAsset> assets = new HashMap<>();
  private final TreeSet<String> assetKeys = new TreeSet<>();
  private final Optional<AssetGraph> graph;
  private final Instant now;
  private final Map<String, List<UpstreamRule>> upstreamRules = new HashMap<>();
  private final Map<String, Optional<Latest>> latestOfAny = new HashMap<>();

  private enum Mapping {
    ASSET,
    SAME_PARTITION,
    LATEST_OF_ANY
  }

  private record UpstreamRule(String assetKey, Mapping mapping) {}

  private record Latest(String partitionKey, Materialization materialization) {}

  private Staleness(FoldState state, Optional<StoredManifestDocument> latest, Instant now) {
    this.state = state;
    this.now = now;
    this.code =
        latest.map(
            d -> new StalenessRules.CodeVersion(d.manifest().codeVersionId(), d.deployedAt()));
    latest.ifPresent(
        d ->
            d.manifest()
                .assets()
                .forEach(
                    a -> {
                      assets.put(a.key(), a);
                      assetKeys.add(a.key());
                    }));
    this.graph = latest.map(d -> AssetGraph.of(d.manifest()));
  }

  /** An evaluator over {@code state} against the latest manifest (if any) at {@code now}. */
  public static Staleness of(FoldState state, Optional<StoredManifestDocument> latest, Instant now) {
    return new Staleness(state, latest, now);
  }

  /** The latest manifest's asset keys, sorted (empty without a manifest). */
  public SortedSet<String> assetKeys() {
    return Collections.unmodifiableSortedSet(assetKeys);
  }

  /** Whether the asset is in the latest manifest and partitioned there. */
  public boolean isPartitioned(String assetKey) {
    ManifestAsset a = assets.get(assetKey);
    return a != null && a.partitioning().partitioned();
  }

  /** Whether the asset is in the latest manifest and unpartitioned there. */
  public boolean isUnpartitioned(String assetKey) {
    ManifestAsset a = assets.get(assetKey);
    return a != null && !a.partitioning().partitioned();
  }

  /** The staleness of a partition status row; empty when fresh or not judged. */
  public Optional<StalenessView> ofPartition(PartitionStatusRow row) {
    if (!isPartitioned(row.assetKey())) {
      return Optional.empty();
    }
    Optional<Materialization> self =
        row.lastMaterializationAt()
            .map(at -> new Materialization(at, row.lastMaterializationCodeVersion()));
    return judge(row.assetKey(), Optional.of(row.partitionKey()), self);
  }

  /** The staleness of an unpartitioned asset; empty when fresh or not judged. */
  public Optional<StalenessView> ofAsset(String assetKey) {
    if (!isUnpartitioned(assetKey)) {
      return Optional.empty();
    }
    Optional<Materialization> self =
        state.assetMaterialization(assetKey).map(Staleness::materialization);
    return judge(assetKey, Optional.empty(), self);
  }

  private Optional<StalenessView> judge(
      String assetKey, Optional<String> partitionKey, Optional<Materialization> self) {
    List<Upstream> upstreams = new ArrayList<>();
    if (self.isPresent()) {
      for (UpstreamRule u : upstreamRules(assetKey)) {
        upstreams.add(upstream(u, partitionKey));
      }
    }
    return StalenessRules.judge(
            self, code.orElseThrow(), upstreams, assets.get(assetKey).freshnessPolicy(), now)
        .map(v -> new StalenessView(assetKey, partitionKey, v.reason(), v.staleSince(), v.causes()));
  }

  private List<UpstreamRule> upstreamRules(String assetKey) {
    return upstreamRules.computeIfAbsent(
        assetKey,
        k -> {
          PartitionSpec spec = assets.get(k).partitioning();
          List<UpstreamRule> rules = new ArrayList<>();
          for (String up : new TreeSet<>(graph.orElseThrow().upstreams(k))) {
            PartitionSpec upSpec = assets.get(up).partitioning();
            Mapping m;
            if (!upSpec.partitioned()) {
              m = Mapping.ASSET;
            } else if (spec.partitioned() && upSpec.compatibleWith(spec)) {
              m = Mapping.SAME_PARTITION;
            } else {
              m = Mapping.LATEST_OF_ANY;
            }
            rules.add(new UpstreamRule(up, m));
          }
          return List.copyOf(rules);
        });
  }

  private Upstream upstream(UpstreamRule u, Optional<String> partitionKey) {
    return switch (u.mapping()) {
      case ASSET ->
          new Upstream(
              u.assetKey(),
              Optional.empty(),
              state.assetMaterialization(u.assetKey()).map(Staleness::materialization));
      case SAME_PARTITION ->
          new Upstream(
              u.assetKey(),
              partitionKey,
              state
                  .partitionStatus(u.assetKey(), partitionKey.orElseThrow())
                  .flatMap(Staleness::materialization));
      case LATEST_OF_ANY -> {
        Optional<Latest> latest = latestOfAny(u.assetKey());
        yield new Upstream(
            u.assetKey(),
            latest.map(Latest::partitionKey),
            latest.map(Latest::materialization));
      }
    };
  }

  /** The newest materialization among an asset's partitions (the first in key order on a tie). */
  private Optional<Latest> latestOfAny(String assetKey) {
    return latestOfAny.computeIfAbsent(
        assetKey,
        k -> {
          Latest best = null;
          for (PartitionStatusRow row : state.partitionStatusOf(k).values()) {
            Optional<Materialization> m = materialization(row);
            if (m.isPresent() && (best == null || m.get().at().isAfter(best.materialization().at()))) {
              best = new Latest(row.partitionKey(), m.get());
            }
          }
          return Optional.ofNullable(best);
        });
  }

  private static Materialization materialization(AssetMaterializationRow row) {
    return new Materialization(row.materializedAt(), row.codeVersion());
  }

  private static Optional<Materialization> materialization(PartitionStatusRow row) {
    return row.lastMaterializationAt()
        .map(at -> new Materialization(at, row.lastMaterializationCodeVersion()));
  }
}
