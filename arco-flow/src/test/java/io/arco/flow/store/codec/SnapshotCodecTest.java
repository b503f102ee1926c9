package io.arco.flow.store.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.event.TriggerInfo;
import io.arco.flow.fold.EdgeRow;
import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.IdempotencyRecord;
import io.arco.flow.fold.OutboxRow;
import io.arco.flow.fold.PartitionStatusRow;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.fold.TimerRow;
import io.arco.flow.model.DispatchStatus;
import io.arco.flow.model.EdgeResolution;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.OutputVisibilityState;
import io.arco.flow.model.RunState;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskState;
import io.arco.flow.model.TimerState;
import io.arco.flow.model.TimerType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {
  private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
  private static final Instant T1 = Instant.parse("2025-01-15T10:00:01.5Z");

  static RunRow run(String runId, Map<String, String> labels, boolean full) {
    Optional<String> s = full ? Optional.of("x-" + runId) : Optional.empty();
    Optional<Instant> t = full ? Optional.of(T1) : Optional.empty();
    return new RunRow(
        runId,
        "plan_" + runId,
        full ? RunState.SUCCEEDED : RunState.TRIGGERED,
        s,
        labels,
        s,
        s,
        full ? new TriggerInfo.Cron("sched") : new TriggerInfo.Manual("api"),
        full ? List.of("b", "a") : List.of(),
        full,
        t,
        2,
        1,
        1,
        0,
        0,
        0,
        T0,
        t,
        "01JH" + runId);
  }

  static TaskRow task(String runId, String key, boolean full) {
    Optional<String> s = full ? Optional.of("s-" + key) : Optional.empty();
    Optional<Instant> t = full ? Optional.of(T1) : Optional.empty();
    Optional<Integer> i = full ? Optional.of(30) : Optional.empty();
    Optional<Long> l = full ? Optional.of(Long.MAX_VALUE) : Optional.empty();
    return new TaskRow(
        runId,
        key,
        full ? TaskState.RETRY_WAIT : TaskState.PLANNED,
        full ? 2 : 0,
        s,
        t,
        s,
        t,
        t,
        s,
        full ? Optional.of(ErrorCategory.INFRASTRUCTURE) : Optional.empty(),
        full
            ? java.util.List.of(
                new io.arco.flow.model.AttemptFailure(1, Optional.of(ErrorCategory.USER_CODE), "boom"),
                new io.arco.flow.model.AttemptFailure(2, Optional.empty(), "lost"))
            : java.util.List.of(),
        1,
        1,
        3,
        300,
        i,
        i,
        "default-queue",
        t,
        t,
        s,
        s,
        full,
        s,
        full ? Optional.of(OutputVisibilityState.FAILED) : Optional.empty(),
        t,
        s,
        t,
        s,
        l,
        s,
        s,
        "01JH" + key);
  }

  static FoldSnapshot full() {
    Map<String, String> labels = new HashMap<>();
    labels.put("zz", "1");
    labels.put("aa", "2");
    return new FoldSnapshot(
        FoldSnapshot.FORMAT_VERSION,
        List.of(run("r1", labels, true), run("r2", Map.of(), false)),
        List.of(task("r1", "a", true), task("r1", "b", false)),
        List.of(
            new EdgeRow(
                "r1",
                "a",
                "b",
                true,
                Optional.of(EdgeResolution.SUCCESS),
                Optional.of(T1),
                Optional.of(1),
                "01JHe1"),
            new EdgeRow(
                "r1",
                "b",
                "c",
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "01JHe2")),
        List.of(
            new TimerRow(
                "timer:cron:s:1",
                TimerType.CRON,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                T0,
                TimerState.FIRED,
                "01JHt2"),
            new TimerRow(
                "timer:retry:r1:a:1:1",
                TimerType.RETRY,
                Optional.of("r1"),
                Optional.of("a"),
                Optional.of(1),
                T1,
                TimerState.SCHEDULED,
                "01JHt1")),
        List.of(
            new OutboxRow(
                "dispatch:r1:a:2",
                "r1",
                "a",
                2,
                DispatchStatus.CREATED,
                "att",
                "default-queue",
                Optional.of("w-1"),
                T0,
                "01JHo1")),
        List.of(
            new RunKeyRow(
                "daily",
                "r1",
                "p1",
                Optional.of("fp"),
                Optional.of("SCHEDULE"),
                Optional.empty(),
                T0,
                "01JHk1")),
        List.of(new IdempotencyRecord("run:daily", "01JHr1", "RunTriggered", T0)),
        List.of(
            new PartitionStatusRow(
                "analytics.a",
                "2025-01-15",
                Optional.of("r1"),
                Optional.of(T1),
                Optional.of("v1"),
                Optional.of("r1"),
                Optional.of(T1),
                Optional.of(TaskOutcome.FAILED),
                Optional.of(T0),
                Optional.of("CODE_CHANGED"),
                Optional.of("tbl"),
                Optional.of(0L),
                Optional.of("p"),
                Optional.of("lineage"),
                List.of("r1|analytics.a", "r2|analytics.a"),
                "01JHp1"),
            new PartitionStatusRow(
                "analytics.b",
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                "01JHp2")),
        List.of(
            new io.arco.flow.fold.AssetMaterializationRow(
                "analytics.c",
                "r1",
                "analytics.c",
                T1,
                Optional.of("v1"),
                Optional.of("tbl_c"),
                Optional.of(4L),
                Optional.empty(),
                Optional.of("lineage-c"),
                "01JHm1"),
            new io.arco.flow.fold.AssetMaterializationRow(
                "analytics.d",
                "r2",
                "analytics.d",
                T0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "01JHm2")),
        List.of(
            new io.arco.flow.fold.ScheduleDefinitionRow(
                "sch-1", "0 9 * * 1-5", "Europe/Paris", 60, 3, List.of("a.b"), Optional.of("c1"), true,
                io.arco.flow.model.OverlapPolicy.SKIP, T1, "01JHd1")),
        List.of(
            new io.arco.flow.fold.ScheduleStateRow(
                "sch-1", Optional.of(T1), Optional.of("sch-1:1"), Optional.empty(), Optional.of("run_x"), "01JHs1")),
        List.of(
            new io.arco.flow.fold.ScheduleTickRow(
                "sch-1:1", "sch-1", T1, "01JHd1", List.of("a.b"), Optional.empty(),
                new io.arco.flow.event.TickStatus.Skipped("overlap"), Optional.empty(), Optional.empty(),
                Optional.empty(), "01JHt1"),
            new io.arco.flow.fold.ScheduleTickRow(
                "sch-1:2", "sch-1", T1, "01JHd1", List.of("a.b"), Optional.of(List.of("p1")),
                new io.arco.flow.event.TickStatus.Triggered(), Optional.of("sched:sch-1:2"), Optional.of("run_x"),
                Optional.of("fp"), "01JHt2")),
        List.of(
            new io.arco.flow.fold.RunKeyConflictRow(
                "conflict:k:01JHc", "k", Optional.of("fp1"), "fp2", "01JHc", T1)),
        List.of(
            new io.arco.flow.fold.PendingRunRow(
                "sched:sch-1:2", "run_x", List.of("a.b"), Optional.empty(),
                new io.arco.flow.event.SourceRef.Schedule("sch-1", "sch-1:2"), Map.of("k", "v"),
                Optional.of("c1"), "fp", T1)),
        List.of(
            new io.arco.flow.fold.SensorDefinitionRow(
                "sen-1", io.arco.flow.model.SensorKind.POLL, List.of("a.b"), 30, Optional.of("c1"), "01JHsd")),
        List.of(
            new io.arco.flow.fold.SensorStateRow(
                "sen-1", Optional.of("cur-9"), Optional.of(T1), Optional.of("eval_1"), io.arco.flow.model.SensorStatus.ERROR, 4,
                Optional.of(new io.arco.flow.fold.SensorLease(4, 1736935200L, "w1", T1)), "01JHss")),
        List.of(
            new io.arco.flow.fold.SensorEvalRow(
                "eval_1", "sen-1", Optional.of("cur-8"), Optional.of("cur-9"), Optional.of(3),
                new io.arco.flow.model.TriggerSource.Poll(1736935200L),
                List.of(new io.arco.flow.model.RunRequest("k", "fp", List.of("a.b"), Optional.of(List.of("p")), Optional.empty())),
                new io.arco.flow.model.SensorEvalStatus.Error("boom"), T1, "01JHse")),
        List.of(
            new io.arco.flow.fold.BackfillRow(
                "bf-1", "req-1", List.of("a.b"), Optional.of("c1"),
                new io.arco.flow.model.PartitionSelector.Range("2025-01-01", "2025-01-31"), 31, 10, 2,
                Optional.empty(), Optional.of("m-1"), Map.of("regions", List.of("eu")),
                io.arco.flow.model.BackfillState.FAILED, 3,
                new io.arco.flow.fold.BackfillChunkCounts(0, 1, 2, 1, 0),
                new io.arco.flow.fold.BackfillRound(1, 4, List.of("date=d:2025-01-02"), 1, 0, 0),
                T1, Optional.of(T1), "01JHbf")),
        List.of(
            new io.arco.flow.fold.BackfillChunkRow(
                "bf-1:0", "bf-1", 0, List.of("date=d:2025-01-01", "date=d:2025-01-02"),
                "backfill:bf-1:chunk:0", Optional.of("run_x"), io.arco.flow.model.ChunkState.FAILED, 0,
                "01JHbc")),
        List.of(
            new io.arco.flow.fold.PartitionSetRow("customers", List.of("acme", "globex")),
            new io.arco.flow.fold.PartitionSetRow("regions", List.of("eu"))),
        new io.arco.flow.model.WorkspaceSettings(
            Optional.of(4),
            List.of(
                new io.arco.flow.model.LabelLimit("team", Optional.of("growth"), 2),
                new io.arco.flow.model.LabelLimit("team", Optional.empty(), 3))),
        Map.of("SUCCEEDED", 7L, "FAILED", 1L));
  }

  @Test
  void fullSnapshotRoundTrips() {
    FoldSnapshot s = full();
    assertThat(SnapshotCodec.decode(SnapshotCodec.encode(s))).isEqualTo(s);
  }

  @Test
  void emptySnapshotRoundTrips() {
    FoldSnapshot s = new FoldState().snapshot();
    byte[] bytes = SnapshotCodec.encode(s);
    assertThat(SnapshotCodec.decode(bytes)).isEqualTo(s);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"asset_materializations\":[],\"backfill_chunks\":[],\"backfills\":[],\"dynamic_partition_sets\":[],\"edges\":[],\"format_version\":3,\"idempotency_keys\":[],\"outbox\":[],"
                + "\"partition_status\":[],\"pending_runs\":[],\"run_key_conflicts\":[],"
                + "\"run_keys\":[],\"runs\":[],\"schedule_definitions\":[],\"schedule_states\":[],"
                + "\"schedule_ticks\":[],\"sensor_definitions\":[],\"sensor_evals\":[],"
                + "\"sensor_states\":[],\"tasks\":[],\"timers\":[],"
                + "\"workspace_settings\":{\"label_limits\":[]}}");
  }

  @Test
  void sameSnapshotGivesIdenticalBytes() {
    byte[] first = SnapshotCodec.encode(full());
    assertThat(SnapshotCodec.encode(full())).isEqualTo(first);
    assertThat(SnapshotCodec.encode(SnapshotCodec.decode(first))).isEqualTo(first);
    FoldSnapshot viaState = FoldState.fromSnapshot(full()).snapshot();
    assertThat(SnapshotCodec.encode(viaState)).isEqualTo(first);
  }

  @Test
  void snapshotIsCanonicalSnakeCaseJson() {
    byte[] bytes = SnapshotCodec.encode(full());
    JsonOrder.assertSortedAtEveryLevel(bytes);
    String json = new String(bytes, StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"format_version\":3")
        .contains("\"in_flight_tasks\":[\"r1|analytics.a\",\"r2|analytics.a\"]")
        .contains("\"asset_materializations\":[{\"asset_key\":\"analytics.c\"")
        .contains("\"row_version\":\"01JHr1\"")
        .contains("\"labels\":{\"aa\":\"2\",\"zz\":\"1\"}")
        .contains("\"trigger\":{\"schedule_id\":\"sched\",\"type\":\"cron\"}")
        .contains("\"delta_version\":9223372036854775807")
        .contains("\"triggered_at\":\"2025-01-15T10:00:00Z\"")
        .contains("\"satisfied_at\":\"2025-01-15T10:00:01.500Z\"")
        .contains("\"state\":\"RETRY_WAIT\"")
        .contains(
            "\"workspace_settings\":{\"label_limits\":[{\"label\":\"team\",\"limit\":3},"
                + "{\"label\":\"team\",\"limit\":2,\"value\":\"growth\"}],\"max_concurrent_runs\":4}")
        .doesNotContain("null")
        .doesNotContain("runId");
    String partitionRows =
        json.substring(json.indexOf("\"partition_status\":"), json.indexOf("\"pending_runs\":"));
    assertThat(partitionRows).as("the derived status is not stored").doesNotContain("\"status\"");
  }

  @Test
  void absentOptionalsAndEmptyLabelsAreOmittedAndReadBackEmpty() {
    FoldSnapshot s =
        new FoldSnapshot(
            3, List.of(run("r2", Map.of(), false)), null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null);
    String json = new String(SnapshotCodec.encode(s), StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"asset_materializations\":[],\"backfill_chunks\":[],\"backfills\":[],\"dynamic_partition_sets\":[],\"edges\":[],\"format_version\":3,\"idempotency_keys\":[],\"outbox\":[],"
                + "\"partition_status\":[],\"pending_runs\":[],\"run_key_conflicts\":[],"
                + "\"run_keys\":[],\"runs\":[{\"cancel_requested\":false,"
                + "\"plan_id\":\"plan_r2\",\"root_assets\":[],\"row_version\":\"01JHr2\","
                + "\"run_id\":\"r2\",\"state\":\"TRIGGERED\",\"tasks_cancelled\":0,"
                + "\"tasks_completed\":1,\"tasks_failed\":0,\"tasks_skipped\":0,"
                + "\"tasks_succeeded\":1,\"tasks_total\":2,\"trigger\":{\"type\":\"manual\","
                + "\"user_id\":\"api\"},\"triggered_at\":\"2025-01-15T10:00:00Z\"}],"
                + "\"schedule_definitions\":[],\"schedule_states\":[],\"schedule_ticks\":[],"
                + "\"sensor_definitions\":[],\"sensor_evals\":[],\"sensor_states\":[],"
                + "\"tasks\":[],\"timers\":[],\"workspace_settings\":{\"label_limits\":[]}}");
    FoldSnapshot back = SnapshotCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(back).isEqualTo(s);
    assertThat(back.runs().get(0).completedAt()).isEmpty();
    assertThat(back.runs().get(0).labels()).isEmpty();
  }

  @Test
  void missingListsDecodeToEmpty() {
    FoldSnapshot s =
        SnapshotCodec.decode("{\"format_version\":3}".getBytes(StandardCharsets.UTF_8));
    assertThat(s).isEqualTo(new FoldSnapshot(3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
  }

  @Test
  void malformedSnapshotIsACodecException() {
    assertThatThrownBy(() -> SnapshotCodec.decode("nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(
            () -> SnapshotCodec.decode("{\"format_version\":1.0}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class);
  }
}
