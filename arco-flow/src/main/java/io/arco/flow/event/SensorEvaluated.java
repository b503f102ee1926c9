package io.arco.flow.event;

import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.model.TriggerSource;
import io.arco.flow.model.RunRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One evaluation of a sensor (flow-model part 1 §3.12): push (a message) or poll (a leased
 * evaluation completed by a worker, compare-and-set on {@code expectedStateVersion}). Its run
 * requests follow it in the same batch as {@link RunRequested} events.
 */
public record SensorEvaluated(
    String sensorId,
    String evalId,
    Optional<String> cursorBefore,
    Optional<String> cursorAfter,
    Optional<Integer> expectedStateVersion,
    TriggerSource triggerSource,
    List<RunRequest> runRequests,
    SensorEvalStatus status)
    implements Event {
  public SensorEvaluated {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(evalId, "evalId");
    cursorBefore = cursorBefore == null ? Optional.empty() : cursorBefore;
    cursorAfter = cursorAfter == null ? Optional.empty() : cursorAfter;
    expectedStateVersion = expectedStateVersion == null ? Optional.empty() : expectedStateVersion;
    Objects.requireNonNull(triggerSource, "triggerSource");
    runRequests = runRequests == null ? List.of() : List.copyOf(runRequests);
    Objects.requireNonNull(status, "status");
  }
}
