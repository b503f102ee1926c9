package io.arco.flow.event;

import java.util.List;
import java.util.Objects;

/**
 * Members were added to and removed from a dynamic partition set (decisions §2.5, §6.6; an Arco
 * addition, wire type {@code partition_set_members_changed}). The fold applies {@code added} then
 * {@code removed}; an event that changes nothing is not applied. The engine writes only what
 * changes, each list sorted, under the key {@code partition_set:{setName}:{request}}; the default
 * key is {@code partition_set:{setName}:{sha256_hex(sorted added joined by "," + "|" + sorted
 * removed joined by ",")}}.
 */
public record PartitionSetMembersChanged(String setName, List<String> added, List<String> removed)
    implements Event {
  public PartitionSetMembersChanged {
    Objects.requireNonNull(setName, "setName");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }
}
