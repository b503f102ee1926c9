package io.arco.flow.engine;

import io.arco.flow.event.WorkspaceSettingsChanged;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.WorkspaceSettings;
import java.util.Optional;

/**
 * Replacing the workspace settings (decisions §2.7, §6.6). One {@link WorkspaceSettingsChanged}
 * carries the whole new document under the key {@code settings:{Idempotency-Key}}, or {@code
 * settings:{fresh ULID}} without one. A document equal to the current one writes nothing; a
 * repeated Idempotency-Key whose change was recorded is a replay: it answers the current settings
 * and writes nothing.
 */
final class SettingsCommands {
  private SettingsCommands() {}

  static final String KEY_PREFIX = "settings:";

  static WorkspaceSettings put(
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
