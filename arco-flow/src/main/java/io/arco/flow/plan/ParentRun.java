package io.arco.flow.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a rerun reads of its parent from the fold (api-contract §3.4 steps 3–6): the run id, whether
 * the raw fold state is {@code FAILED} (not the public state), its code version, one {@link
 * ParentTask} per task row (distinct keys, any order) and the dependency edges of its {@code
 * dep_satisfaction} rows (any order; edges with an end outside the tasks are ignored by the
 * planner).
 */
public record ParentRun(
    String runId,
    boolean foldFailed,
    Optional<String> codeVersion,
    List<ParentTask> tasks,
    List<ParentEdge> edges) {

  public ParentRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(codeVersion, "codeVersion");
    tasks = List.copyOf(tasks);
    edges = List.copyOf(edges);
    Set<String> keys = new HashSet<>();
    for (ParentTask task : tasks) {
      if (!keys.add(task.key())) {
        throw new IllegalArgumentException("duplicate parent task key: " + task.key());
      }
    }
  }
}
