package io.arco.flow.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Why the run queue holds a PENDING run back (decisions §2.7): one limit that has no free slot.
 * {@code inProgress} counts the slots of that limit already taken when the run's turn came, i.e.
 * the runs in progress plus the runs ahead of it in the queue that were admitted; it is therefore
 * never below {@code limit}.
 */
public sealed interface QueueReason {
  int limit();

  int inProgress();

  /** The workspace's {@code maxConcurrentRuns} is reached. */
  record MaxConcurrentRuns(int limit, int inProgress) implements QueueReason {}

  /** A label limit ({@code label}, and {@code value} when the limit names one) is reached. */
  record LabelLimitReached(String label, Optional<String> value, int limit, int inProgress)
      implements QueueReason {
    public LabelLimitReached {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(value, "value");
    }
  }
}
