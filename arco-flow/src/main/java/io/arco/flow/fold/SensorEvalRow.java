package io.arco.flow.fold;

import io.arco.flow.model.RunRequest;
import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.model.TriggerSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One sensor evaluation in its history (flow-model part 4 §2.5), stale ones included. */
public record SensorEvalRow(
    String evalId,
    String sensorId,
    Optional<String> cursorBefore,
    Optional<String> cursorAfter,
    Optional<Integer> expectedStateVersion,
    TriggerSource triggerSource,
    List<RunRequest> runRequests,
    SensorEvalStatus status,
    Instant evaluatedAt,
    String rowVersion) {
  public SensorEvalRow {
    runRequests = List.copyOf(runRequests);
  }
}
