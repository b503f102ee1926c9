package io.arco.flow.fold;

import io.arco.flow.event.TickStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One tick in a schedule's history (flow-model part 4 §1.2), with the run it requested. */
public record ScheduleTickRow(
    String tickId,
    String scheduleId,
    Instant scheduledFor,
    String definitionVersion,
    List<String> assetSelection,
    Optional<List<String>> partitionSelection,
    TickStatus status,
    Optional<String> runKey,
    Optional<String> runId,
    Optional<String> requestFingerprint,
    String rowVersion) {
  public ScheduleTickRow {
    assetSelection = List.copyOf(assetSelection);
  }
}
