package io.arco.flow.control;

import io.arco.flow.fold.FoldState;
import io.arco.flow.plan.StoredManifestDocument;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything a controller may read: the projections, the controller pass's {@code now}, and the
 * workspace's latest deployed manifest (runs requested by automation are planned against it).
 */
public record ControllerInput(
    FoldState state, Instant now, Optional<StoredManifestDocument> latestManifest) {
  public static ControllerInput of(FoldState state, Instant now) {
    return new ControllerInput(state, now, Optional.empty());
  }
}
