package io.arco.flow.engine;

import io.arco.flow.event.WorkspaceSettingsChanged;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.Scope;
import io.arco.flow.model.WorkspaceSettings;
import java.util.Optional;

/**
 * The workspace settings (decisions §2.7, §6.6): {@link WorkspaceSettings#DEFAULT} until replaced.
 * A replacement is checked by {@link WorkspaceSettingsRequest#validate()} (400, nothing written);
 * one {@link WorkspaceSettingsChanged} carries the whole new document under the key {@code
 * settings:{Idempotency-Key}}, or {@code settings:{fresh ULID}} without one. A document equal to
 * the current one writes nothing; a repeated Idempotency-Key whose change was recorded is a
 * replay: it answers the current settings and writes nothing.
 */
final class SettingsService {
  private static final String KEY_PREFIX = "settings:";

  private final Workspaces workspaces;

  SettingsService(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  WorkspaceSettings workspaceSettings(Scope scope) {
    return workspaces.read(scope, FoldState::workspaceSettings);
  }

  WorkspaceSettings putWorkspaceSettings(
      Scope scope, WorkspaceSettingsRequest request, Optional<String> idempotencyKey) {
    WorkspaceSettings next = request.validate();
    return workspaces.run(scope, ctx -> put(ctx, next, idempotencyKey));
  }

  private static WorkspaceSettings put(
      CommandContext ctx, WorkspaceSettings next, Optional<String> idempotencyKey) {
    FoldState state = ctx.state();
    if (idempotencyKey.isPresent() && state.hasIdempotencyKey(KEY_PREFIX + idempotencyKey.get())) {
      return state.workspaceSettings();
    }
    if (!next.equals(state.workspaceSettings())) {
      ctx.emit(
          new WorkspaceSettingsChanged(next.maxConcurrentRuns(), next.labelLimits()),
          KEY_PREFIX + idempotencyKey.orElseGet(ctx::newId));
    }
    return ctx.state().workspaceSettings();
  }
}
