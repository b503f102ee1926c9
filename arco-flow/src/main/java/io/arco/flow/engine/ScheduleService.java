package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.Scope;
import io.arco.flow.query.ScheduleView;
import io.arco.flow.query.ScheduleViews;
import io.arco.flow.query.TickView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Schedules (api-contract §8): the commands {@link ScheduleCommands} runs on the writer, and the
 * reads of schedules and of their ticks, live ones merged with the settled ones in the store.
 */
final class ScheduleService {
  private final Workspaces workspaces;

  ScheduleService(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  ScheduleResult upsertSchedule(
      Scope scope, String scheduleId, ScheduleCommand command, Optional<String> idempotencyKey) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    return workspaces.run(
        scope, ctx -> ScheduleCommands.upsert(ctx, ws.manifests, scheduleId, command, idempotencyKey));
  }

  ScheduleResult setScheduleEnabled(
      Scope scope, String scheduleId, boolean enabled, Optional<String> idempotencyKey) {
    return workspaces.run(
        scope, ctx -> ScheduleCommands.setEnabled(ctx, scheduleId, enabled, idempotencyKey));
  }

  ScheduleView getSchedule(Scope scope, String scheduleId) {
    return workspaces.read(scope, s -> ScheduleViews.of(s, scheduleId))
        .orElseThrow(() -> FlowException.notFound("schedule not found: " + scheduleId));
  }

  List<ScheduleView> listSchedules(Scope scope, Optional<String> afterId, int limit) {
    return workspaces.read(scope, s -> ScheduleViews.list(s, afterId, limit));
  }

  List<TickView> listTicks(
      Scope scope,
      String scheduleId,
      Optional<String> status,
      Optional<Instant> afterScheduledFor,
      Optional<String> afterTickId,
      int limit) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    List<io.arco.flow.fold.ScheduleTickRow> live = ws.read(s -> ScheduleViews.liveTicks(s, scheduleId));
    List<io.arco.flow.fold.ScheduleTickRow> settled =
        workspaces.store
            .finishedTicks(
                scope,
                new io.arco.flow.fold.TickHistoryQuery(
                    scheduleId, status, afterScheduledFor, afterTickId, limit + 1))
            .stream()
            .map(io.arco.flow.fold.FinishedTick::tick)
            .toList();
    return ScheduleViews.ticks(live, settled, status, afterScheduledFor, afterTickId, limit);
  }

  TickView getTick(Scope scope, String scheduleId, String tickId) {
    return workspaces.read(
        scope,
        s -> {
          if (s.scheduleDefinitions().get(scheduleId) == null) {
            throw FlowException.notFound("schedule not found: " + scheduleId);
          }
          var tick = s.tick(tickId).orElse(null);
          if (tick == null || !tick.scheduleId().equals(scheduleId)) {
            throw FlowException.notFound("tick not found: " + tickId);
          }
          return ScheduleViews.tick(tick);
        });
  }
}
