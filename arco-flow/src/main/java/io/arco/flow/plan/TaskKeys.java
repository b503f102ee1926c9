package io.arco.flow.plan;

import io.arco.flow.error.FlowException;

/**
 * The task-key grammar (flow-model §0.3 mend 10, decisions §7.10): a canonical asset key ({@link
 * AssetKeys}), optionally followed by {@code @} and a canonical, non-empty partition key ({@link
 * PartitionKey#parse}); e.g. {@code analytics.daily} or {@code analytics.daily@date=d:2025-01-15}.
 */
public final class TaskKeys {
  private TaskKeys() {}

  /** Whether {@code taskKey} follows the grammar. */
  public static boolean isValid(String taskKey) {
    int at = taskKey.indexOf('@');
    String asset = at < 0 ? taskKey : taskKey.substring(0, at);
    try {
      if (!AssetKeys.canonicalize(asset).equals(asset)) {
        return false;
      }
      if (at >= 0) {
        String partition = taskKey.substring(at + 1);
        // parse refuses a text that is not the canonical form of its key.
        return !partition.isEmpty() && !PartitionKey.parse(partition).dimensions().isEmpty();
      }
      return true;
    } catch (FlowException | IllegalArgumentException e) {
      return false;
    }
  }
}
