package io.arco.flow.query;

import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.PartitionStatusRow;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The staleness report (decisions §2.6, §6.5): stale partitions of partitioned assets and stale
 * unpartitioned assets (empty partition key in the order), in (asset key, partition key) order,
 * over the assets of the latest manifest. Which partitions exist is what partition status knows:
 * a partition is listed once a task for it was dispatched (or completed).
 */
public final class StalenessReport {
  private StalenessReport() {}

  /**
   * Stale entries after {@code after}, for one asset (exact canonical key) or all, at most {@code
   * limit + 1} (the extra says more remain). An asset not in the latest manifest gives nothing.
   */
  public static List<StalenessView> list(
      FoldState state,
      Staleness staleness,
      Optional<String> assetKey,
      Optional<PartitionCursor> after,
      int limit) {
    NavigableSet<String> assets = new TreeSet<>(staleness.assetKeys());
    if (assetKey.isPresent()) {
      assets = assets.contains(assetKey.get()) ? new TreeSet<>(List.of(assetKey.get())) : new TreeSet<>();
    }
    if (after.isPresent()) {
      assets = assets.tailSet(after.get().assetKey(), true);
    }
    List<StalenessView> out = new ArrayList<>();
    for (String asset : assets) {
      Optional<PartitionCursor> within =
          after.filter(c -> c.assetKey().equals(asset));
      if (staleness.isUnpartitioned(asset)) {
        if (within.isEmpty()) {
          staleness.ofAsset(asset).ifPresent(out::add);
        }
      } else {
        for (PartitionStatusRow row :
            PartitionViews.range(state, Optional.of(asset), within).values()) {
          staleness.ofPartition(row).ifPresent(out::add);
          if (out.size() > limit) {
            break;
          }
        }
      }
      if (out.size() > limit) {
        break;
      }
    }
    return out;
  }
}
