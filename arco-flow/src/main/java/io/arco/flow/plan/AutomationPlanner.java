package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.Utf8Order;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Plans the run of an automation request (schedule tick, sensor evaluation, backfill chunk). Unlike
 * the reference, which plans one dependency-free default task per asset, Arco plans the requested
 * assets like a manual trigger without closure: dependencies among them are kept and each task gets
 * its asset's execution settings from the latest manifest. An asset the manifest no longer knows
 * still gets a default task, so the request becomes a visible run instead of vanishing.
 */
public final class AutomationPlanner {
  private AutomationPlanner() {}

  public static List<TaskDef> tasks(
      List<String> selection, Optional<String> partitionKey, Optional<Manifest> manifest) {
    TreeSet<String> known = new TreeSet<>(Utf8Order.COMPARATOR);
    TreeSet<String> unknown = new TreeSet<>(Utf8Order.COMPARATOR);
    for (String raw : selection) {
      if (raw.isBlank()) {
        continue;
      }
      String key;
      try {
        key = AssetKeys.canonicalize(raw.trim());
      } catch (FlowException e) {
        key = raw.trim();
      }
      if (manifest.isPresent() && manifest.get().asset(key).isPresent()) {
        known.add(key);
      } else {
        unknown.add(key);
      }
    }
    List<TaskDef> tasks = new ArrayList<>();
    if (!known.isEmpty()) {
      ValidatedTrigger v =
          new ValidatedTrigger(
              List.copyOf(known),
              false,
              false,
              Optional.empty(),
              Optional.empty(),
              java.util.Map.of(),
              Optional.empty(),
              manifest);
      for (TaskDef t : TriggerPlanner.DEFAULT.plan(v, manifest.get())) {
        tasks.add(t.withPartitionKey(partitionKey));
      }
    }
    for (String key : unknown) {
      tasks.add(TaskDef.of(key, List.of()).withPartitionKey(partitionKey));
    }
    tasks.sort(Comparator.comparing(TaskDef::key, Utf8Order.COMPARATOR));
    return tasks;
  }

  /**
   * Plans a request over several partitions (a backfill chunk, flow-model §0.3.10): one task per
   * (asset, partition) pair, keyed {@code {assetKey}@{partitionKey}}, each carrying its partition;
   * a dependency joins the tasks of the same partition. One partition (or none) plans as {@link
   * #tasks(List, Optional, Optional)} with plain asset keys.
   */
  public static List<TaskDef> tasks(
      List<String> selection, List<String> partitions, Optional<Manifest> manifest) {
    if (partitions.size() <= 1) {
      return tasks(selection, partitions.stream().findFirst(), manifest);
    }
    List<TaskDef> base = tasks(selection, Optional.empty(), manifest);
    List<TaskDef> out = new ArrayList<>(base.size() * partitions.size());
    for (String partition : partitions) {
      for (TaskDef t : base) {
        out.add(
            t.withKey(t.key() + "@" + partition)
                .withDependsOn(t.dependsOn().stream().map(d -> d + "@" + partition).toList())
                .withPartitionKey(Optional.of(partition)));
      }
    }
    out.sort(Comparator.comparing(TaskDef::key, Utf8Order.COMPARATOR));
    return out;
  }
}
