package io.arco.flow.event;

import java.util.Objects;
import java.util.Optional;

/** A user asked to cancel a run (flow-model part 1 §3.3). */
public record RunCancelRequested(String runId, Optional<String> reason, String requestedBy)
    implements Event {
  public RunCancelRequested {
    Objects.requireNonNull(runId, "runId");
    reason = reason == null ? Optional.empty() : reason;
    Objects.requireNonNull(requestedBy, "requestedBy");
  }

  @Override
  public Optional<String> correlationRunId() {
    return Optional.of(runId);
  }
}
