package io.arco.flow.fold;

import java.util.List;
import java.util.Objects;

/**
 * A dynamic partition set in a snapshot (decisions §6.6): its name and its members, sorted in UTF-8
 * order. Only non-empty sets are stored.
 */
public record PartitionSetRow(String name, List<String> members) {
  public PartitionSetRow {
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
  }
}
