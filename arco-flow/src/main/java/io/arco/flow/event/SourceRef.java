package io.arco.flow.event;

/** What requested a run (flow-model part 1 §4.8): a schedule tick, a sensor evaluation, a backfill chunk or a manual request. */
public sealed interface SourceRef {
  /** The source kind recorded on the run_key index: {@code schedule}, {@code sensor}, {@code backfill} or {@code manual}. */
  String kind();

  record Schedule(String scheduleId, String tickId) implements SourceRef {
    @Override
    public String kind() {
      return "schedule";
    }
  }

  record Sensor(String sensorId, String evalId) implements SourceRef {
    @Override
    public String kind() {
      return "sensor";
    }
  }

  record Backfill(String backfillId, String chunkId) implements SourceRef {
    @Override
    public String kind() {
      return "backfill";
    }
  }

  record Manual(String userId, String requestId) implements SourceRef {
    @Override
    public String kind() {
      return "manual";
    }
  }
}
