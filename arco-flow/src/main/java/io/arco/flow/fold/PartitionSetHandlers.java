package io.arco.flow.fold;

import io.arco.flow.event.PartitionSetMembersChanged;
import io.arco.flow.model.Utf8Order;
import java.util.TreeSet;

/**
 * Fold step of dynamic partition sets (decisions §6.6): adds, then removes. The event applies only
 * when the membership changes; a set left empty is dropped, so an empty set and an unknown one are
 * the same state.
 */
final class PartitionSetHandlers {
  private PartitionSetHandlers() {}

  static boolean membersChanged(FoldStep step, PartitionSetMembersChanged e) {
    FoldState s = step.state();
    TreeSet<String> current = s.dynamicPartitionSets.get(e.setName());
    TreeSet<String> next = new TreeSet<>(Utf8Order.COMPARATOR);
    if (current != null) {
      next.addAll(current);
    }
    next.addAll(e.added());
    next.removeAll(e.removed());
    if (next.equals(current == null ? new TreeSet<String>() : current)) {
      return false;
    }
    if (next.isEmpty()) {
      s.dynamicPartitionSets.remove(e.setName());
    } else {
      s.dynamicPartitionSets.put(e.setName(), next);
    }
    return true;
  }
}
