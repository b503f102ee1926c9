package io.arco.flow.fold;

import io.arco.flow.model.TriggerSource;
import java.util.Optional;

/**
 * A sensor evaluation that left memory (decisions §3): each sensor keeps its latest evaluation in
 * memory, and an older one leaves when a newer one is recorded (its run requests were folded with
 * it). {@code endedAt} is the log sequence number of the event that replaced it.
 */
public record FinishedEval(long endedAt, SensorEvalRow eval) {
  public String evalId() {
    return eval.evalId();
  }

  /** The poll lease it answered ("sensor NUL state version NUL poll epoch"), if a poll evaluation. */
  public Optional<String> leaseKey() {
    return leaseKeyOf(eval);
  }

  static Optional<String> leaseKeyOf(SensorEvalRow row) {
    if (row.triggerSource() instanceof TriggerSource.Poll poll && row.expectedStateVersion().isPresent()) {
      return Optional.of(FoldState.leaseKey(row.sensorId(), row.expectedStateVersion().get(), poll.pollEpoch()));
    }
    return Optional.empty();
  }
}
