package io.arco.flow.event;

import io.arco.flow.model.TimerType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A timer was armed (flow-model part 1 §3.6); a RETRY timer also fixes the retry deadline. */
public record TimerRequested(
    String timerId,
    TimerType timerType,
    Optional<String> runId,
    Optional<String> taskKey,
    Optional<Integer> attempt,
    Instant fireAt)
    implements Event {
  public TimerRequested {
    Objects.requireNonNull(timerId, "timerId");
    Objects.requireNonNull(timerType, "timerType");
    runId = runId == null ? Optional.empty() : runId;
    taskKey = taskKey == null ? Optional.empty() : taskKey;
    attempt = attempt == null ? Optional.empty() : attempt;
    Objects.requireNonNull(fireAt, "fireAt");
  }

  @Override
  public Optional<String> correlationRunId() {
    return runId;
  }
}
