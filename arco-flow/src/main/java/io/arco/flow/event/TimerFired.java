package io.arco.flow.event;

import io.arco.flow.model.TimerType;
import java.util.Objects;
import java.util.Optional;

/** A timer fired (flow-model part 1 §3.9). The fold records it; controllers act on it. */
public record TimerFired(
    String timerId,
    TimerType timerType,
    Optional<String> runId,
    Optional<String> taskKey,
    Optional<Integer> attempt)
    implements Event {
  public TimerFired {
    Objects.requireNonNull(timerId, "timerId");
    Objects.requireNonNull(timerType, "timerType");
    runId = runId == null ? Optional.empty() : runId;
    taskKey = taskKey == null ? Optional.empty() : taskKey;
    attempt = attempt == null ? Optional.empty() : attempt;
  }

  @Override
  public Optional<String> correlationRunId() {
    return runId;
  }
}
