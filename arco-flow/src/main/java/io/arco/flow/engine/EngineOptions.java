package io.arco.flow.engine;

import java.time.Duration;
import java.util.List;

/**
 * Engine settings: snapshot cadence, how often controllers run under the system clock (zero
 * disables the ticker, as under the manual clock), the secret used for automation run ids, and
 * listeners told about every commit.
 */
public record EngineOptions(
    int snapshotEvery, Duration tickInterval, List<TransitionListener> listeners) {
  public EngineOptions {
    listeners = List.copyOf(listeners);
  }

  public static EngineOptions defaults() {
    return new EngineOptions(1000, Duration.ofSeconds(1), List.of());
  }

  public EngineOptions withTickInterval(Duration d) {
    return new EngineOptions(snapshotEvery, d, listeners);
  }

  public EngineOptions withSnapshotEvery(int n) {
    return new EngineOptions(n, tickInterval, listeners);
  }

  public EngineOptions withListener(TransitionListener l) {
    List<TransitionListener> all = new java.util.ArrayList<>(listeners);
    all.add(l);
    return new EngineOptions(snapshotEvery, tickInterval, all);
  }
}
