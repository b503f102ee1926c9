package io.arco.flow.model;

import java.util.Objects;

/**
 * Outcome of a sensor evaluation (flow-model part 1 §4.6): triggered (≥ 1 run request), no new
 * data, error, or skipped because of a stale cursor (assigned by the fold, never emitted).
 */
public sealed interface SensorEvalStatus {
  record Triggered() implements SensorEvalStatus {}

  record NoNewData() implements SensorEvalStatus {}

  record Error(String message) implements SensorEvalStatus {
    public Error {
      Objects.requireNonNull(message, "message");
    }
  }

  record SkippedStaleCursor() implements SensorEvalStatus {}

  /** The SCREAMING name of the status filter: TRIGGERED, NO_NEW_DATA, ERROR, SKIPPED_STALE_CURSOR. */
  default String filterName() {
    return switch (this) {
      case Triggered t -> "TRIGGERED";
      case NoNewData n -> "NO_NEW_DATA";
      case Error e -> "ERROR";
      case SkippedStaleCursor s -> "SKIPPED_STALE_CURSOR";
    };
  }

  /** The wire tag: triggered, no_new_data, error, skipped_stale_cursor (flow-model part 1 §4.6). */
  default String wireName() {
    return filterName().toLowerCase(java.util.Locale.ROOT);
  }
}
