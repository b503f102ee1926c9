package io.arco.flow.engine;

import io.arco.flow.query.ScheduleView;

/** Answer of a schedule mutation: the schedule after it, and whether it was created (201). */
public record ScheduleResult(ScheduleView schedule, boolean created) {}
