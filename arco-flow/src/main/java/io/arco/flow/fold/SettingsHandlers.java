package io.arco.flow.fold;

import io.arco.flow.event.WorkspaceSettingsChanged;
import io.arco.flow.model.WorkspaceSettings;

/**
 * Fold step of the workspace settings (decisions §2.7, §6.6): the event's document replaces the
 * current one. A document equal to the current one is not applied, so it records no key. What the
 * settings hold back is not folded: the run queue derives it at read time ({@code
 * control.RunQueue}).
 */
final class SettingsHandlers {
  private SettingsHandlers() {}

  static boolean changed(FoldStep step, WorkspaceSettingsChanged e) {
    FoldState s = step.state();
    WorkspaceSettings next = new WorkspaceSettings(e.maxConcurrentRuns(), e.labelLimits());
    if (next.equals(s.workspaceSettings)) {
      return false;
    }
    s.workspaceSettings = next;
    return true;
  }
}
