package io.arco.flow.event;

import java.util.Objects;

/**
 * A payload whose {@code type} tag this version does not know (flow-model part 1 §5.6). It keeps
 * the raw payload JSON; the fold skips it without recording its key.
 */
public record UnknownEvent(String type, String rawJson) implements Event {
  public UnknownEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(rawJson, "rawJson");
  }
}
