package io.arco.flow.event;

import io.arco.flow.model.OutputVisibilityState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Output visibility carried inside a successful completion. */
public record OutputVisibilityUpdate(
    OutputVisibilityState visibilityState, Optional<Instant> publishedAt, Optional<String> publishError) {
  public OutputVisibilityUpdate {
    Objects.requireNonNull(visibilityState, "visibilityState");
    publishedAt = publishedAt == null ? Optional.empty() : publishedAt;
    publishError = publishError == null ? Optional.empty() : publishError;
  }
}
