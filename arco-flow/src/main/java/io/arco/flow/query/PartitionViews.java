package io.arco.flow.query;

import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.PartitionStatusRow;
import io.arco.flow.model.PartitionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Read models of partition status (api-contract §11, decisions §6.5). Rows are read from the
 * fold's sorted index in (asset key, partition key) order: a page walks forward from its cursor
 * and stops once it has one row more than asked, and an asset filter reads only that asset's key
 * range, so neither sorts nor scans other assets.
 */
public final class PartitionViews {
  private PartitionViews() {}

  /** A page of rows after the query's cursor, at most {@code limit + 1} (the extra says more remain). */
  public static List<PartitionStatusView> list(
      FoldState state, Staleness staleness, PartitionQuery query) {
    List<PartitionStatusView> out = new ArrayList<>();
    for (PartitionStatusRow row : range(state, query.assetKey(), query.after()).values()) {
      if (query.status().isPresent() && row.status() != query.status().get()) {
        continue;
      }
      Optional<StalenessView> stale = staleness.ofPartition(row);
      if (query.staleOnly() && stale.isEmpty()) {
        continue;
      }
      out.add(view(row, stale));
      if (out.size() > query.limit()) {
        break;
      }
    }
    return out;
  }

  /** Counts over an asset's rows; empty when the asset has none (the API's 404). */
  public static Optional<PartitionSummary> summary(
      FoldState state, Staleness staleness, String assetKey) {
    NavigableMap<String, PartitionStatusRow> rows = state.partitionStatusOf(assetKey);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    int total = 0;
    int materialized = 0;
    int stale = 0;
    int failed = 0;
    int inProgress = 0;
    for (PartitionStatusRow row : rows.values()) {
      total++;
      if (row.lastMaterializationRunId().isPresent()) {
        materialized++;
      }
      if (staleness.ofPartition(row).isPresent()) {
        stale++;
      }
      PartitionStatus s = row.status();
      if (s == PartitionStatus.FAILED) {
        failed++;
      } else if (s == PartitionStatus.IN_PROGRESS) {
        inProgress++;
      }
    }
    return Optional.of(
        new PartitionSummary(
            assetKey, total, materialized, stale, total - materialized, failed, inProgress));
  }

  /**
   * Every row of an asset as a {@link PartitionStatusMap}, in the list route's order with the same
   * status and staleness judgement; empty when the asset has none (the API's 404). The caller
   * bounds the size (see {@link #count}).
   */
  public static Optional<PartitionStatusMap> statusMap(
      FoldState state, Staleness staleness, String assetKey) {
    NavigableMap<String, PartitionStatusRow> rows = state.partitionStatusOf(assetKey);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<String> keys = new ArrayList<>(rows.size());
    List<PartitionStatus> statuses = new ArrayList<>(rows.size());
    List<Integer> stale = new ArrayList<>();
    for (PartitionStatusRow row : rows.values()) {
      if (staleness.ofPartition(row).isPresent()) {
        stale.add(keys.size());
      }
      keys.add(row.partitionKey());
      statuses.add(row.status());
    }
    return Optional.of(new PartitionStatusMap(assetKey, keys, statuses, stale));
  }

  /** How many status rows an asset has. */
  public static int count(FoldState state, String assetKey) {
    return state.partitionStatusOf(assetKey).size();
  }

  static PartitionStatusView view(PartitionStatusRow row, Optional<StalenessView> stale) {
    return new PartitionStatusView(
        row.assetKey(),
        row.partitionKey(),
        row.status(),
        row.lastMaterializationRunId(),
        row.lastMaterializationAt(),
        row.lastMaterializationCodeVersion(),
        row.lastAttemptRunId(),
        row.lastAttemptAt(),
        row.lastAttemptOutcome(),
        row.deltaTable(),
        row.deltaVersion(),
        row.deltaPartition(),
        row.executionLineageRef(),
        stale);
  }

  /**
   * The rows strictly after {@code after} and within the asset's key range when filtered; a
   * cursor before the asset's range starts at its first row, one past it gives nothing.
   */
  static NavigableMap<String, PartitionStatusRow> range(
      FoldState state, Optional<String> assetKey, Optional<PartitionCursor> after) {
    NavigableMap<String, PartitionStatusRow> rows =
        assetKey.map(state::partitionStatusOf).orElseGet(state::partitionStatusIndex);
    if (after.isEmpty()) {
      return rows;
    }
    String from = FoldState.partitionKey(after.get().assetKey(), after.get().partitionKey());
    if (rows.isEmpty()) {
      return rows;
    }
    if (from.compareTo(rows.firstKey()) < 0) {
      return rows;
    }
    if (from.compareTo(rows.lastKey()) >= 0) {
      return rows.tailMap(rows.lastKey(), false);
    }
    return rows.tailMap(from, false);
  }
}
