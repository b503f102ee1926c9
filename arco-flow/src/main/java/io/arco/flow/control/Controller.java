package io.arco.flow.control;

import io.arco.flow.event.Event;
import io.arco.flow.fold.FoldState;
import java.time.Instant;
import java.util.List;

/**
 * A stateless controller: reads projections, returns the events that move work forward. Re-running
 * it on the same state and time returns the same events (their idempotency keys make a repeat a
 * no-op).
 */
@FunctionalInterface
public interface Controller {
  List<Event> evaluate(FoldState state, Instant now);
}
