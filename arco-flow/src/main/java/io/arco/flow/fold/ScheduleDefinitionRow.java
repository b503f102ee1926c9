package io.arco.flow.fold;

import io.arco.flow.model.OverlapPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A schedule definition (flow-model part 4 §1.1); {@code rowVersion} is also the definition
 * version stamped on ticks, {@code createdAt} the first upsert's time (a new schedule ticks from it).
 */
public record ScheduleDefinitionRow(
    String scheduleId,
    String cronExpression,
    String timezone,
    int catchupWindowMinutes,
    int maxCatchupTicks,
    List<String> assetSelection,
    Optional<String> codeVersion,
    boolean enabled,
    OverlapPolicy overlapPolicy,
    Instant createdAt,
    String rowVersion) {
  public ScheduleDefinitionRow {
    assetSelection = List.copyOf(assetSelection);
  }
}
