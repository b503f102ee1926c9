package io.arco.flow.fold;

import io.arco.flow.model.TimerState;
import io.arco.flow.model.TimerType;
import java.time.Instant;
import java.util.Optional;

/** A timer (flow-model part 2 §1.4); for RETRY the attempt is the one that failed. */
public record TimerRow(
    String timerId,
    TimerType timerType,
    Optional<String> runId,
    Optional<String> taskKey,
    Optional<Integer> attempt,
    Instant fireAt,
    TimerState state,
    String rowVersion) {}
