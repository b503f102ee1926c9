package io.arco.flow.plan;

import java.util.Optional;

/**
 * The time-dimension granularities Arco resolves: {@code hour} and {@code day} (api-contract §6.1)
 * and decisions §6.5's {@code week} and {@code month}. A {@code week} or {@code month} window is
 * keyed by the {@code d:} date of its first day; weeks start on Monday (ISO-8601). An unknown
 * granularity stays a raw string on {@link PartitionDimension.TimeDimension} and is refused only
 * when a partition is resolved.
 */
public enum TimeGranularity {
  HOUR("hour"),
  DAY("day"),
  WEEK("week"),
  MONTH("month");

  private final String wire;

  TimeGranularity(String wire) {
    this.wire = wire;
  }

  /** The manifest spelling. */
  public String wire() {
    return wire;
  }

  /** Whether keys are {@code d:} dates (every granularity but {@code hour}). */
  public boolean isDateKeyed() {
    return this != HOUR;
  }

  /** The granularity spelled {@code wire}, if Arco knows it. */
  public static Optional<TimeGranularity> fromWire(String wire) {
    for (TimeGranularity g : values()) {
      if (g.wire.equals(wire)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }
}
