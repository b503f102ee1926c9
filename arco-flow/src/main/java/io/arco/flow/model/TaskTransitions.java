package io.arco.flow.model;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The task state machine as one table (flow-model part 2 §2.2 with Arco's §0.3 mends): every state
 * change the fold may make, with what causes it. A transition to the same state (a re-dispatch of a
 * higher attempt, a repeated start) is not a change. The fold's tests check every change they
 * observe against this table, and {@code docs/task-state-machine.md} holds the diagram {@link
 * #mermaid()} generates from it.
 */
public final class TaskTransitions {
  private TaskTransitions() {}

  /** One row: from any of {@code from} (empty = the task does not exist yet) to {@code to}. */
  public record Transition(Set<TaskState> from, TaskState to, String cause) {
    public Transition {
      from = from.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(from));
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(cause, "cause");
    }
  }

  private static final Set<TaskState> ATTEMPTING = EnumSet.of(TaskState.DISPATCHED, TaskState.RUNNING);
  private static final Set<TaskState> WAITING =
      EnumSet.of(TaskState.BLOCKED, TaskState.READY, TaskState.DISPATCHED, TaskState.RETRY_WAIT);
  private static final Set<TaskState> OPEN =
      EnumSet.of(
          TaskState.BLOCKED,
          TaskState.READY,
          TaskState.DISPATCHED,
          TaskState.RUNNING,
          TaskState.RETRY_WAIT);

  /** The table, in the order of flow-model part 2 §2.2. */
  public static final List<Transition> ALL =
      List.of(
          new Transition(Set.of(), TaskState.READY, "planned without dependencies"),
          new Transition(Set.of(), TaskState.BLOCKED, "planned with dependencies"),
          new Transition(Set.of(TaskState.BLOCKED), TaskState.READY, "every upstream succeeded"),
          new Transition(EnumSet.of(TaskState.READY, TaskState.RETRY_WAIT), TaskState.DISPATCHED, "leased to a worker"),
          new Transition(Set.of(TaskState.DISPATCHED), TaskState.RUNNING, "started (current attempt)"),
          new Transition(ATTEMPTING, TaskState.SUCCEEDED, "completed SUCCEEDED"),
          new Transition(ATTEMPTING, TaskState.RETRY_WAIT, "failed retryably with attempts left (incl. heartbeat timeout)"),
          new Transition(ATTEMPTING, TaskState.FAILED, "failed, not retryable or attempts exhausted"),
          new Transition(ATTEMPTING, TaskState.SKIPPED, "completed SKIPPED"),
          new Transition(ATTEMPTING, TaskState.CANCELLED, "completed CANCELLED, or failed after a cancel request"),
          new Transition(WAITING, TaskState.CANCELLED, "run cancel requested"),
          new Transition(OPEN, TaskState.SKIPPED, "an upstream failed or was skipped"),
          new Transition(OPEN, TaskState.CANCELLED, "an upstream was cancelled"));

  /** Whether the fold may move a task from {@code from} (empty = a new task) to {@code to}. */
  public static boolean allows(Optional<TaskState> from, TaskState to) {
    if (from.isPresent() && from.get() == to) {
      return true;
    }
    for (Transition t : ALL) {
      if (t.to() == to && (from.isEmpty() ? t.from().isEmpty() : t.from().contains(from.get()))) {
        return true;
      }
    }
    return false;
  }

  /** The table as a Mermaid state diagram, one edge per (from, to) in table order. */
  public static String mermaid() {
    List<String> lines = new ArrayList<>();
    lines.add("stateDiagram-v2");
    for (Transition t : ALL) {
      if (t.from().isEmpty()) {
        lines.add("    [*] --> " + t.to() + ": " + t.cause());
        continue;
      }
      for (TaskState from : TaskState.values()) {
        if (t.from().contains(from)) {
          lines.add("    " + from + " --> " + t.to() + ": " + t.cause());
        }
      }
    }
    for (TaskState s : TaskState.values()) {
      if (s.isTerminal()) {
        lines.add("    " + s + " --> [*]");
      }
    }
    return String.join("\n", lines) + "\n";
  }
}
