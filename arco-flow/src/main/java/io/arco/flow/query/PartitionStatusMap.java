package io.arco.flow.query;

import io.arco.flow.model.PartitionStatus;
import java.util.List;

/**
 * Every partition status row of one asset as parallel lists (decisions §6.5): {@code keys} in the
 * list route's (partition key) order, {@code statuses.get(i)} the status of {@code keys.get(i)},
 * and {@code staleIndices} the ascending positions of the keys that are stale now. It lets a
 * client draw a whole asset's status at once instead of paging full rows; an asset with more than
 * {@link #MAX_PARTITIONS} rows is refused so one answer stays bounded.
 */
public record PartitionStatusMap(
    String assetKey,
    List<String> keys,
    List<PartitionStatus> statuses,
    List<Integer> staleIndices) {

  /** The most rows one map answers; beyond it the client pages the list route. */
  public static final int MAX_PARTITIONS = 200_000;

  public PartitionStatusMap {
    keys = List.copyOf(keys);
    statuses = List.copyOf(statuses);
    staleIndices = List.copyOf(staleIndices);
    if (keys.size() != statuses.size()) {
      throw new IllegalArgumentException("keys and statuses differ in length");
    }
  }

  /** How many partitions the map holds. */
  public int total() {
    return keys.size();
  }
}
