package io.arco.flow.fold;

import io.arco.flow.model.OutputVisibilityState;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.RunState;
import io.arco.flow.model.TaskState;
import java.util.Collection;
import java.util.Optional;

/**
 * The state a run shows on the API (api-contract §4.1), from its row, its tasks and whether the run
 * queue holds it. The fold uses it to index a finished run's history row by the state the run list
 * filters on.
 */
public final class PublicStates {
  private PublicStates() {}

  /**
   * {@code tasks}: the run's tasks; only those that require visible output matter, so a caller may
   * pass just those.
   */
  public static PublicRunState of(RunRow run, Collection<TaskRow> tasks, boolean held) {
    if (held) {
      return PublicRunState.PENDING;
    }
    if (run.cancelRequested() && !run.state().isTerminal()) {
      return PublicRunState.CANCELLING;
    }
    if (run.state() == RunState.CANCELLED) {
      return PublicRunState.CANCELLED;
    }
    boolean visibilityFailed = false;
    boolean visibilityPending = false;
    for (TaskRow t : tasks) {
      if (t.requiresVisibleOutput() && t.state() == TaskState.SUCCEEDED) {
        Optional<OutputVisibilityState> v = t.outputVisibilityState();
        visibilityFailed |= v.equals(Optional.of(OutputVisibilityState.FAILED));
        visibilityPending |= v.equals(Optional.of(OutputVisibilityState.PENDING));
      }
    }
    if (run.state() == RunState.FAILED || visibilityFailed) {
      return PublicRunState.FAILED;
    }
    if (run.state() == RunState.SUCCEEDED && visibilityPending) {
      return PublicRunState.RUNNING;
    }
    return switch (run.state()) {
      case TRIGGERED -> PublicRunState.PENDING;
      case RUNNING -> PublicRunState.RUNNING;
      case SUCCEEDED -> PublicRunState.SUCCEEDED;
      case FAILED -> PublicRunState.FAILED;
      case CANCELLED -> PublicRunState.CANCELLED;
    };
  }
}
