package io.arco.flow.engine;

import io.arco.flow.model.Scope;
import java.time.Instant;
import java.util.Optional;

/**
 * One run or task transition as {@link TransitionLog} sees it after a durable batch: the run, the
 * task (empty for the run itself), the state before ({@code NEW} when first seen) and after, and
 * for a task its attempt, the worker it was dispatched to, and why it failed and when it retries.
 * Run states are the public ones; task states the {@code TaskState} names.
 */
public record Transition(
    Scope scope,
    String runId,
    Optional<String> taskKey,
    String from,
    String to,
    int attempt,
    Optional<String> workerId,
    Optional<String> error,
    Optional<Instant> retryAt) {

  /** A transition of the run itself. */
  public static Transition ofRun(Scope scope, String runId, String from, String to) {
    return new Transition(
        scope, runId, Optional.empty(), from, to, 0, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The one-line text form {@code arco serve} prints (decisions §5). */
  public String line() {
    if (taskKey.isEmpty()) {
      return "run " + runId + ": " + from + " -> " + to;
    }
    StringBuilder line =
        new StringBuilder("run ")
            .append(runId)
            .append(" task ")
            .append(taskKey.get())
            .append(": ")
            .append(from)
            .append(" -> ")
            .append(to);
    if (attempt > 0) {
      line.append(" (attempt ").append(attempt);
      workerId.ifPresent(w -> line.append(", worker ").append(w));
      line.append(')');
    }
    error.ifPresent(m -> line.append(": ").append(m));
    retryAt.ifPresent(r -> line.append("; retry at ").append(r));
    return line.toString();
  }
}
