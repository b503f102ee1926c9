package io.arco.flow.fold;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a schedule stands (flow-model part 4 §1.2): its last evaluated tick and, for the overlap
 * policy, the run of its latest TRIGGERED tick (decisions §6.10).
 */
public record ScheduleStateRow(
    String scheduleId,
    Optional<Instant> lastScheduledFor,
    Optional<String> lastTickId,
    Optional<String> lastRunKey,
    Optional<String> lastTriggeredRunId,
    String rowVersion) {}
