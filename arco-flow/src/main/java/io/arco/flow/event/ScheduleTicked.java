package io.arco.flow.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One tick of a schedule (flow-model part 1 §3.11). A triggered tick carries its run key and
 * fingerprint and is appended in the same batch as its {@link RunRequested}.
 */
public record ScheduleTicked(
    String scheduleId,
    Instant scheduledFor,
    String tickId,
    String definitionVersion,
    List<String> assetSelection,
    Optional<List<String>> partitionSelection,
    TickStatus status,
    Optional<String> runKey,
    Optional<String> requestFingerprint)
    implements Event {
  public ScheduleTicked {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(scheduledFor, "scheduledFor");
    Objects.requireNonNull(tickId, "tickId");
    Objects.requireNonNull(definitionVersion, "definitionVersion");
    assetSelection = assetSelection == null ? List.of() : List.copyOf(assetSelection);
    partitionSelection = partitionSelection == null ? Optional.empty() : partitionSelection.map(List::copyOf);
    Objects.requireNonNull(status, "status");
    runKey = runKey == null ? Optional.empty() : runKey;
    requestFingerprint = requestFingerprint == null ? Optional.empty() : requestFingerprint;
  }
}
