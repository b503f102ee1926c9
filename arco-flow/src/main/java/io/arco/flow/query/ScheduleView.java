package io.arco.flow.query;

import io.arco.flow.model.OverlapPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A schedule as the API shows it (api-contract §8), with Arco's overlap policy. */
public record ScheduleView(
    String scheduleId,
    String cronExpression,
    String timezone,
    int catchupWindowMinutes,
    int maxCatchupTicks,
    List<String> assetSelection,
    boolean enabled,
    OverlapPolicy overlapPolicy,
    String definitionVersion,
    Optional<Instant> lastScheduledFor,
    Optional<String> lastTickId,
    Optional<String> lastRunKey) {}
