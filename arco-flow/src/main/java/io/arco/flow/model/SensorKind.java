package io.arco.flow.model;

import java.util.Optional;

/**
 * Kind of a manifest sensor (decisions §2.9, §6.7): {@code PUSH} turns each evaluated message into
 * one run request; {@code POLL} is evaluated by workers every {@code minIntervalSeconds}. On the
 * wire (manifest, stored document, fingerprint) the kinds are the lower-case {@link #wire()} values
 * {@code push} and {@code poll}.
 */
public enum SensorKind {
  PUSH("push"),
  POLL("poll");

  private final String wire;

  SensorKind(String wire) {
    this.wire = wire;
  }

  /** The wire value: {@code push} or {@code poll}. */
  public String wire() {
    return wire;
  }

  /** The kind whose wire value is exactly {@code value} (case-sensitive), if any. */
  public static Optional<SensorKind> fromWire(String value) {
    for (SensorKind kind : values()) {
      if (kind.wire.equals(value)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
