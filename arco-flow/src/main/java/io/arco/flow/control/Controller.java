package io.arco.flow.control;

import io.arco.flow.event.Event;
import java.util.List;

/**
 * A stateless controller: reads projections, returns the events that move work forward. Re-running
 * it on the same input returns the same events (their idempotency keys make a repeat a no-op).
 */
@FunctionalInterface
public interface Controller {
  List<Event> evaluate(ControllerInput input);
}
