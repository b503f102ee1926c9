package io.arco.flow.model;

import java.util.Objects;

/** What started a sensor evaluation (flow-model part 1 §4.7): a pushed message or a poll. */
public sealed interface TriggerSource {
  record Push(String messageId) implements TriggerSource {
    public Push {
      Objects.requireNonNull(messageId, "messageId");
    }
  }

  record Poll(long pollEpoch) implements TriggerSource {}
}
