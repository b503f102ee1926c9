package io.arco.flow.plan;

import java.util.Optional;

/**
 * The time-dimension granularities Arco resolves today ({@code day}, {@code hour}; api-contract
 * §6.1). decisions §6.5 adds {@code week} and {@code month}: a new constant here plus its
 * normalisation rule in {@link PartitionResolver}. An unknown granularity stays a raw string on
 * {@link PartitionDimension.TimeDimension} and is refused only when a partition is resolved.
 */
public enum TimeGranularity {
  DAY("day"),
  HOUR("hour");

  private final String wire;

  TimeGranularity(String wire) {
    this.wire = wire;
  }

  /** The manifest spelling. */
  public String wire() {
    return wire;
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
