package io.arco.flow.control;

import io.arco.flow.fold.FoldState;
import io.arco.flow.plan.StoredManifestDocument;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a controller may read: the projections, the controller pass's {@code now}, the
 * workspace's latest deployed manifest (runs requested by automation are planned against it) and
 * any deployed manifest by id (a backfill enumerates its partitions with the manifest it was
 * created against). Manifests are immutable once deployed.
 */
public record ControllerInput(
    FoldState state,
    Instant now,
    Optional<StoredManifestDocument> latestManifest,
    Function<String, Optional<StoredManifestDocument>> manifestById) {
  public static ControllerInput of(FoldState state, Instant now) {
    return new ControllerInput(state, now, Optional.empty(), id -> Optional.empty());
  }
}
