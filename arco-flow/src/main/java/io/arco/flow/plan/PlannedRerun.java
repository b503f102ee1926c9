package io.arco.flow.plan;

import io.arco.flow.event.TaskDef;
import io.arco.flow.model.RerunMode;
import io.arco.flow.model.Utf8Order;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A planned rerun, ready for the engine's run_key reservation (api-contract §3.4 steps 5–10): the
 * mode, the roots ({@code RunTriggered.root_assets}), the selected task keys, the task definitions
 * copied from the parent (sorted by key, {@code dependsOn} restricted to the selection), the run's
 * labels (request labels plus {@code arco.parent_run_id} and {@code arco.rerun.kind}, sorted), the
 * run key (the request's or the derived one), the request fingerprint, the sorted distinct
 * partition keys of the selected tasks, the response's {@code rerunReason} and the parent's code
 * version. Every list is sorted in UTF-8 byte order.
 */
public record PlannedRerun(
    RerunMode mode,
    List<String> roots,
    List<String> selectedTasks,
    List<TaskDef> tasks,
    SortedMap<String, String> labels,
    String runKey,
    String requestFingerprint,
    List<String> partitionKeys,
    String rerunReason,
    Optional<String> codeVersion) {

  public PlannedRerun {
    Objects.requireNonNull(mode, "mode");
    roots = List.copyOf(roots);
    selectedTasks = List.copyOf(selectedTasks);
    tasks = List.copyOf(tasks);
    TreeMap<String, String> sorted = new TreeMap<>(Utf8Order.COMPARATOR);
    sorted.putAll(labels);
    labels = Collections.unmodifiableSortedMap(sorted);
    Objects.requireNonNull(runKey, "runKey");
    Objects.requireNonNull(requestFingerprint, "requestFingerprint");
    partitionKeys = List.copyOf(partitionKeys);
    Objects.requireNonNull(rerunReason, "rerunReason");
    Objects.requireNonNull(codeVersion, "codeVersion");
  }
}
