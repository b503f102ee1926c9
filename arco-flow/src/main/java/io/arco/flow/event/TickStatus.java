package io.arco.flow.event;

import java.util.Objects;

/**
 * Outcome of a schedule tick (flow-model part 1 §4.6): triggered (a run was requested), skipped
 * with a reason ({@code paused}, {@code overlap}, {@code catchup_limit}) or failed with an error.
 */
public sealed interface TickStatus {
  String SKIP_PAUSED = "paused";
  String SKIP_OVERLAP = "overlap";
  String SKIP_CATCHUP_LIMIT = "catchup_limit";

  record Triggered() implements TickStatus {}

  record Skipped(String reason) implements TickStatus {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }
  }

  record Failed(String error) implements TickStatus {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}
