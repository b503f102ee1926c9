package io.arco.flow.engine;

import io.arco.flow.model.OverlapPolicy;
import java.util.List;
import java.util.Optional;

/**
 * {@code PUT /schedules/{id}} (api-contract §8.3): every field is required but the overlap policy
 * (decisions §6.10: a new schedule defaults to ALLOW, an update without it keeps the stored one).
 */
public record ScheduleCommand(
    String cronExpression,
    String timezone,
    long catchupWindowMinutes,
    long maxCatchupTicks,
    boolean enabled,
    List<String> assetSelection,
    Optional<OverlapPolicy> overlapPolicy) {
  public ScheduleCommand {
    assetSelection = List.copyOf(assetSelection);
  }
}
