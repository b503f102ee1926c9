package io.arco.flow.engine;

import io.arco.flow.model.SensorEvalStatus;
import java.time.Instant;

/**
 * Answer of a poll-sensor completion: the evaluation it became, its status as recorded (a stale
 * evaluation is {@code skipped_stale_cursor}), whether it was a redelivery that changed nothing.
 */
public record SensorCompletedAck(
    String evalId, SensorEvalStatus status, int runRequests, boolean duplicate, Instant serverTime) {}
