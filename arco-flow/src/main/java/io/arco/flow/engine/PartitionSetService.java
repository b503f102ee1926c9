package io.arco.flow.engine;

import io.arco.flow.event.PartitionSetMembersChanged;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.Scope;
import io.arco.flow.plan.PartitionSetChange;
import io.arco.flow.query.PartitionSetView;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Membership of dynamic partition sets (decisions §2.5, §6.6). A change is validated by {@link
 * PartitionSetChange#of} (400s); one {@link PartitionSetMembersChanged} holds exactly what changes:
 * the requested additions that are not members yet and the requested removals that are; a request
 * that changes nothing writes nothing. The event's key is {@code
 * partition_set:{name}:{Idempotency-Key}}, or a fresh ULID without one; a repeated Idempotency-Key
 * whose change was recorded is a replay: it answers the current set and writes nothing.
 */
final class PartitionSetService {
  private final Workspaces workspaces;

  PartitionSetService(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  PartitionSetView changePartitionSetMembers(
      Scope scope,
      String name,
      List<String> add,
      List<String> remove,
      Optional<String> idempotencyKey) {
    PartitionSetChange change = PartitionSetChange.of(name, add, remove);
    return workspaces.run(scope, ctx -> change(ctx, change, idempotencyKey));
  }

  PartitionSetView partitionSet(Scope scope, String name) {
    PartitionSetChange.requireName(name);
    return workspaces.read(scope, s -> PartitionSetView.of(s, name));
  }

  private static PartitionSetView change(
      CommandContext ctx, PartitionSetChange change, Optional<String> idempotencyKey) {
    FoldState state = ctx.state();
    String prefix = "partition_set:" + change.name() + ":";
    if (idempotencyKey.isPresent() && state.hasIdempotencyKey(prefix + idempotencyKey.get())) {
      return PartitionSetView.of(state, change.name());
    }
    SortedSet<String> current = state.partitionSetMembers(change.name());
    List<String> added = change.add().stream().filter(m -> !current.contains(m)).toList();
    List<String> removed = change.remove().stream().filter(current::contains).toList();
    if (!added.isEmpty() || !removed.isEmpty()) {
      ctx.emit(
          new PartitionSetMembersChanged(change.name(), added, removed),
          prefix + idempotencyKey.orElseGet(ctx::newId));
    }
    return PartitionSetView.of(ctx.state(), change.name());
  }
}
