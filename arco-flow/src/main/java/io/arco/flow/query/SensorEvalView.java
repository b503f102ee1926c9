package io.arco.flow.query;

import io.arco.flow.model.RunRequest;
import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.model.TriggerSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One evaluation in a sensor's history (api-contract §9.4's {@code SensorEvalResponse}) with the
 * trigger source, the compare-and-set version it expected and its run requests.
 */
public record SensorEvalView(
    String evalId,
    String sensorId,
    Optional<String> cursorBefore,
    Optional<String> cursorAfter,
    Instant evaluatedAt,
    SensorEvalStatus status,
    TriggerSource triggerSource,
    Optional<Integer> expectedStateVersion,
    List<RunRequest> runRequests) {
  public SensorEvalView {
    runRequests = List.copyOf(runRequests);
  }
}
