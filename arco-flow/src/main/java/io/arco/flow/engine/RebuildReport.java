package io.arco.flow.engine;

import io.arco.flow.model.Scope;
import java.time.Duration;

/**
 * What a rebuild from the log did for one workspace: events folded, finished runs written to
 * history, the live runs left in memory, the sequence number of the snapshot written, and how long
 * it took.
 */
public record RebuildReport(
    Scope scope, long eventsFolded, long finishedRuns, int liveRuns, long snapshotAt, Duration took) {

  /** Events folded per second, 0 for an empty log. */
  public long eventsPerSecond() {
    long ms = Math.max(1, took.toMillis());
    return eventsFolded * 1000 / ms;
  }
}
