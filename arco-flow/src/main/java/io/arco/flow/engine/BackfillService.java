package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.ChunkState;
import io.arco.flow.model.Scope;
import io.arco.flow.query.BackfillChunkView;
import io.arco.flow.query.BackfillView;
import io.arco.flow.query.BackfillViews;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Backfills (api-contract §10, decisions §2.4, §6.4): creation and the lifecycle actions, which
 * {@link BackfillCommands} runs on the writer, and the reads of backfills and their chunks. A
 * lifecycle action answers the backfill as read after the batch's controller pass (decisions
 * §6.10), so it shows the chunks that pass planned or cancelled.
 */
final class BackfillService {
  private final Workspaces workspaces;

  BackfillService(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  BackfillCreateResult createBackfill(Scope scope, BackfillRequest request) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    return workspaces.run(
        scope,
        ctx -> BackfillCommands.create(ctx, ws.manifests, request, ctx.state().dynamicMembers()));
  }

  /** Runs a lifecycle action, then reads the backfill. */
  BackfillView act(Scope scope, String backfillId, BackfillCommands.Action action, String principal) {
    workspaces.run(scope, ctx -> BackfillCommands.act(ctx, backfillId, action, principal));
    return getBackfill(scope, backfillId);
  }

  BackfillView getBackfill(Scope scope, String backfillId) {
    return workspaces.read(scope, s -> BackfillViews.of(s, backfillId))
        .orElseThrow(() -> FlowException.notFound("backfill not found: " + backfillId));
  }

  List<BackfillView> listBackfills(
      Scope scope,
      Optional<BackfillState> state,
      Optional<Instant> afterCreatedAt,
      Optional<String> afterId,
      int limit) {
    return workspaces.read(scope, s -> BackfillViews.list(s, state, afterCreatedAt, afterId, limit));
  }

  List<BackfillChunkView> listBackfillChunks(
      Scope scope, String backfillId, Optional<ChunkState> state, int afterIndex, int limit) {
    return workspaces.read(
        scope,
        s ->
            BackfillViews.chunks(
                s,
                s.backfill(backfillId)
                    .orElseThrow(() -> FlowException.notFound("backfill not found: " + backfillId)),
                state,
                afterIndex,
                limit));
  }
}
