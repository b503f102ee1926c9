package io.arco.flow.event;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The task graph of a run (flow-model part 1 §3.2). Plans are immutable once folded. */
public record PlanCreated(String runId, String planId, List<TaskDef> tasks) implements Event {
  public PlanCreated {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(planId, "planId");
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  @Override
  public Optional<String> correlationRunId() {
    return Optional.of(runId);
  }
}
