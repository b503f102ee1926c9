package io.arco.flow.event;

import io.arco.flow.model.TriggerSource;

/**
 * The default idempotency key of each payload, verbatim from flow-model part 1 §3.0: placeholders
 * are substituted without escaping and integers are decimal.
 */
public final class IdempotencyKeys {
  private IdempotencyKeys() {}

  public static String of(Event e) {
    return switch (e) {
      case RunTriggered r -> "run:" + r.runKey().orElse(r.runId());
      case PlanCreated p -> "plan:" + p.runId();
      case RunCancelRequested c -> "cancel_req:" + c.runId();
      case TaskStarted s -> "started:" + s.runId() + ":" + s.taskKey() + ":" + s.attempt();
      case TaskHeartbeat h ->
          "heartbeat:"
              + h.runId()
              + ":"
              + h.taskKey()
              + ":"
              + h.attempt()
              + ":"
              + h.attemptId()
              + h.heartbeatAt().map(t -> ":" + t.toEpochMilli()).orElse("");
      case TaskFinished f -> finished(f.runId(), f.taskKey(), f.attempt());
      case TaskCompletionRecorded c -> finished(c.runId(), c.taskKey(), c.attempt());
      case DispatchRequested d -> "dispatch_req:" + d.dispatchId();
      case DispatchEnqueued d -> "dispatch_ack:" + d.dispatchId();
      case TimerRequested t -> "timer_req:" + t.timerId();
      case TimerFired t -> "timer_fired:" + t.timerId();
      case ScheduleDefinitionUpserted d -> "sched_def:" + d.scheduleId() + ":" + definitionFingerprint(d);
      case ScheduleTicked t -> "sched_tick:" + t.tickId();
      case RunRequested r ->
          "runreq:" + r.runKey() + ":" + io.arco.flow.model.Ids.sha256Hex(r.requestFingerprint());
      case SensorDefinitionUpserted d ->
          "sensor_def:"
              + d.sensorId()
              + ":"
              + io.arco.flow.model.Ids.sha256Hex(
                  d.kind() + "|" + d.minIntervalSeconds() + "|" + String.join(",", d.assetSelection()));
      case SensorEvaluated v -> sensorEval(v.sensorId(), v.triggerSource(), v.cursorBefore());
      case SensorStatusChanged c -> "sensor_status:" + c.sensorId() + ":" + c.status();
      case SensorEvaluationLeased l ->
          "sensor_lease:" + l.sensorId() + ":" + l.stateVersion() + ":" + l.pollEpoch();
      case BackfillCreated b -> "backfill_create:" + b.clientRequestId();
      case BackfillChunkPlanned c -> "backfill_chunk:" + c.backfillId() + ":" + c.chunkIndex();
      case BackfillStateChanged c ->
          "backfill_state:" + c.backfillId() + ":" + c.stateVersion() + ":" + c.toState().name();
      case PartitionSetMembersChanged c ->
          "partition_set:" + c.setName() + ":" + partitionSetChange(c.added(), c.removed());
      case WorkspaceSettingsChanged c -> "settings:" + settings(c);
      case UnknownEvent u -> "unknown";
    };
  }

  /**
   * {@code sha256_hex("{cron}|{timezone}|{catchup}|{maxTicks}|{enabled}|{sorted assets joined by ,}")};
   * the code version (and Arco's overlap policy) are excluded, as in the reference.
   */
  public static String definitionFingerprint(ScheduleDefinitionUpserted d) {
    java.util.List<String> assets = new java.util.ArrayList<>(d.assetSelection());
    java.util.Collections.sort(assets);
    return io.arco.flow.model.Ids.sha256Hex(
        d.cronExpression()
            + "|"
            + d.timezone()
            + "|"
            + d.catchupWindowMinutes()
            + "|"
            + d.maxCatchupTicks()
            + "|"
            + d.enabled()
            + "|"
            + String.join(",", assets));
  }

  /**
   * push {@code sensor_eval:{sensor}:msg:{message_id}}; poll {@code
   * sensor_eval:{sensor}:poll:{epoch}:{sha256_hex(cursor_before) or "none"}}.
   */
  public static String sensorEval(
      String sensorId, TriggerSource source, java.util.Optional<String> cursorBefore) {
    return switch (source) {
      case TriggerSource.Push p -> "sensor_eval:" + sensorId + ":msg:" + p.messageId();
      case TriggerSource.Poll p ->
          "sensor_eval:"
              + sensorId
              + ":poll:"
              + p.pollEpoch()
              + ":"
              + cursorBefore.map(io.arco.flow.model.Ids::sha256Hex).orElse("none");
    };
  }

  /**
   * {@code sha256_hex(sorted added joined by "," + "|" + sorted removed joined by ",")}, the
   * request part of a partition-set change's default key.
   */
  public static String partitionSetChange(
      java.util.List<String> added, java.util.List<String> removed) {
    java.util.List<String> a = new java.util.ArrayList<>(added);
    java.util.List<String> r = new java.util.ArrayList<>(removed);
    java.util.Collections.sort(a);
    java.util.Collections.sort(r);
    return io.arco.flow.model.Ids.sha256Hex(String.join(",", a) + "|" + String.join(",", r));
  }

  /**
   * {@code sha256_hex} of the settings document in {@link io.arco.flow.model.LabelLimit#ORDER}:
   * {@code max={n or "none"}} then one line per limit, {@code {label} NUL {"=" value or "*"} NUL
   * {limit}}. Only the default key uses it; the engine keys each change by its request.
   */
  public static String settings(WorkspaceSettingsChanged c) {
    StringBuilder doc =
        new StringBuilder("max=").append(c.maxConcurrentRuns().map(String::valueOf).orElse("none"));
    c.labelLimits().stream()
        .sorted(io.arco.flow.model.LabelLimit.ORDER)
        .forEach(
            l ->
                doc.append('\n')
                    .append(l.label())
                    .append('\0')
                    .append(l.value().map(v -> "=" + v).orElse("*"))
                    .append('\0')
                    .append(l.limit()));
    return io.arco.flow.model.Ids.sha256Hex(doc.toString());
  }

  public static String finished(String runId, String taskKey, int attempt) {
    return "finished:" + runId + ":" + taskKey + ":" + attempt;
  }
}
