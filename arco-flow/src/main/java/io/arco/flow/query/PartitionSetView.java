package io.arco.flow.query;

import io.arco.flow.fold.FoldState;
import java.util.List;
import java.util.Objects;

/**
 * A dynamic partition set as the API shows it (decisions §6.6): {@code {name, members}}, members
 * sorted in UTF-8 order. A set never named, or emptied, has no members.
 */
public record PartitionSetView(String name, List<String> members) {
  public PartitionSetView {
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
  }

  /** The set {@code name} in {@code state}. */
  public static PartitionSetView of(FoldState state, String name) {
    return new PartitionSetView(name, List.copyOf(state.partitionSetMembers(name)));
  }
}
