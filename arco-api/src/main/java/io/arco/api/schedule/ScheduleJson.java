package io.arco.api.schedule;

import io.arco.flow.query.ScheduleView;
import io.arco.flow.query.TickView;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wire forms of schedules and ticks (api-contract §8, §8.5), camelCase, absent fields omitted. */
final class ScheduleJson {
  private ScheduleJson() {}

  static Map<String, Object> schedule(ScheduleView s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scheduleId", s.scheduleId());
    m.put("cronExpression", s.cronExpression());
    m.put("timezone", s.timezone());
    m.put("catchupWindowMinutes", s.catchupWindowMinutes());
    m.put("maxCatchupTicks", s.maxCatchupTicks());
    m.put("assetSelection", s.assetSelection());
    m.put("enabled", s.enabled());
    m.put("overlapPolicy", s.overlapPolicy().name());
    m.put("definitionVersion", s.definitionVersion());
    s.lastScheduledFor().ifPresent(v -> m.put("lastScheduledFor", v));
    s.lastTickId().ifPresent(v -> m.put("lastTickId", v));
    s.lastRunKey().ifPresent(v -> m.put("lastRunKey", v));
    return m;
  }

  static Map<String, Object> tick(TickView t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tickId", t.tickId());
    m.put("scheduleId", t.scheduleId());
    m.put("scheduledFor", t.scheduledFor());
    m.put("assetSelection", t.assetSelection());
    m.put("status", t.status());
    t.skipReason().ifPresent(v -> m.put("skipReason", v));
    t.errorMessage().ifPresent(v -> m.put("errorMessage", v));
    t.runKey().ifPresent(v -> m.put("runKey", v));
    t.runId().ifPresent(v -> m.put("runId", v));
    return m;
  }
}
