package io.arco.flow.engine;

import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/** The wall clock truncated to milliseconds, the precision of event ids. */
public final class SystemMillisClock implements InstantSource {
  @Override
  public Instant instant() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
