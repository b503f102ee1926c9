package io.arco.flow.event;

import io.arco.flow.model.OverlapPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule definition was created or replaced (flow-model part 1 §3.10). Arco adds the overlap
 * policy (decisions §6.8). Emitted by manifest deploy and the schedule API.
 */
public record ScheduleDefinitionUpserted(
    String scheduleId,
    String cronExpression,
    String timezone,
    int catchupWindowMinutes,
    List<String> assetSelection,
    Optional<String> codeVersion,
    int maxCatchupTicks,
    boolean enabled,
    OverlapPolicy overlapPolicy)
    implements Event {
  public ScheduleDefinitionUpserted {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(cronExpression, "cronExpression");
    Objects.requireNonNull(timezone, "timezone");
    assetSelection = assetSelection == null ? List.of() : List.copyOf(assetSelection);
    codeVersion = codeVersion == null ? Optional.empty() : codeVersion;
    overlapPolicy = overlapPolicy == null ? OverlapPolicy.ALLOW : overlapPolicy;
  }
}
