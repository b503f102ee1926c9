package io.arco.flow.store.codec;

import static io.arco.flow.store.codec.TaggedJson.field;

import io.arco.flow.event.SourceRef;
import io.arco.flow.event.TickStatus;
import java.util.Map;

/**
 * Wire forms of the automation unions: {@link TickStatus} tagged {@code status} ({@code
 * triggered}, {@code skipped{reason}}, {@code failed{error}}) and {@link SourceRef} tagged {@code
 * type} ({@code schedule}, {@code sensor}, {@code backfill}, {@code manual}), flow-model part 1 §0.
 */
final class AutomationJson {
  private AutomationJson() {}

  static Map<String, String> tickStatus(TickStatus s) {
    return switch (s) {
      case TickStatus.Triggered t -> Map.of("status", "triggered");
      case TickStatus.Skipped k -> Map.of("status", "skipped", "reason", k.reason());
      case TickStatus.Failed f -> Map.of("status", "failed", "error", f.error());
    };
  }

  static TickStatus tickStatus(Map<String, String> f) {
    return switch (field(f, "status")) {
      case "triggered" -> new TickStatus.Triggered();
      case "skipped" -> new TickStatus.Skipped(field(f, "reason"));
      case "failed" -> new TickStatus.Failed(field(f, "error"));
      default -> throw new TaggedJson.Mismatch("unknown tick status '" + f.get("status") + "'");
    };
  }

  static Map<String, String> evalStatus(io.arco.flow.model.SensorEvalStatus s) {
    return switch (s) {
      case io.arco.flow.model.SensorEvalStatus.Triggered t -> Map.of("status", "triggered");
      case io.arco.flow.model.SensorEvalStatus.NoNewData n -> Map.of("status", "no_new_data");
      case io.arco.flow.model.SensorEvalStatus.Error e -> Map.of("status", "error", "message", e.message());
      case io.arco.flow.model.SensorEvalStatus.SkippedStaleCursor k -> Map.of("status", "skipped_stale_cursor");
    };
  }

  static io.arco.flow.model.SensorEvalStatus evalStatus(Map<String, String> f) {
    return switch (field(f, "status")) {
      case "triggered" -> new io.arco.flow.model.SensorEvalStatus.Triggered();
      case "no_new_data" -> new io.arco.flow.model.SensorEvalStatus.NoNewData();
      case "error" -> new io.arco.flow.model.SensorEvalStatus.Error(field(f, "message"));
      case "skipped_stale_cursor" -> new io.arco.flow.model.SensorEvalStatus.SkippedStaleCursor();
      default -> throw new TaggedJson.Mismatch("unknown evaluation status '" + f.get("status") + "'");
    };
  }

  static Map<String, String> sourceRef(SourceRef s) {
    return switch (s) {
      case SourceRef.Schedule x ->
          Map.of("type", "schedule", "schedule_id", x.scheduleId(), "tick_id", x.tickId());
      case SourceRef.Sensor x -> Map.of("type", "sensor", "sensor_id", x.sensorId(), "eval_id", x.evalId());
      case SourceRef.Backfill x ->
          Map.of("type", "backfill", "backfill_id", x.backfillId(), "chunk_id", x.chunkId());
      case SourceRef.Manual x -> Map.of("type", "manual", "user_id", x.userId(), "request_id", x.requestId());
    };
  }

  static SourceRef sourceRef(Map<String, String> f) {
    return switch (field(f, "type")) {
      case "schedule" -> new SourceRef.Schedule(field(f, "schedule_id"), field(f, "tick_id"));
      case "sensor" -> new SourceRef.Sensor(field(f, "sensor_id"), field(f, "eval_id"));
      case "backfill" -> new SourceRef.Backfill(field(f, "backfill_id"), field(f, "chunk_id"));
      case "manual" -> new SourceRef.Manual(field(f, "user_id"), field(f, "request_id"));
      default -> throw new TaggedJson.Mismatch("unknown source type '" + f.get("type") + "'");
    };
  }
}
