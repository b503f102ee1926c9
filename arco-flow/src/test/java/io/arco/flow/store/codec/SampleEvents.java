package io.arco.flow.store.codec;

import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.OutputVisibilityUpdate;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunCancelRequested;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.TaskError;
import io.arco.flow.event.TaskFinished;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.model.TaskMetrics;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.event.TimerFired;
import io.arco.flow.event.TimerRequested;
import io.arco.flow.event.TriggerInfo;
import io.arco.flow.event.UnknownEvent;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.OutputVisibilityState;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TimerType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One fully populated and one minimal payload of every event type, for codec tests. */
public final class SampleEvents {
  private SampleEvents() {}

  public static final Scope SCOPE = new Scope("t1", "w1");
  public static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
  public static final Instant T1 = Instant.parse("2025-01-15T10:00:00.120Z");
  public static final Instant T2 = Instant.parse("2025-01-15T10:00:00.123456789Z");

  /** Every payload type with every optional field set and non-empty collections. */
  private static final Instant T = Instant.parse("2025-01-15T10:00:00Z");

  public static List<Event> full() {
    TaskOutput output =
        new TaskOutput(
            Optional.of("mat-1"),
            Optional.of(1_000L),
            Optional.of(9_007_199_254_740_993L),
            Optional.of("s3://bucket/x"),
            Optional.of("analytics.x"),
            Optional.of(-7L),
            Optional.of("date=2025-01-15"),
            Optional.of(OutputVisibilityState.VISIBLE),
            Optional.of(T2),
            Optional.of("none"));
    TaskError error =
        new TaskError(
            ErrorCategory.USER_CODE,
            "boom \"quoted\" ünïcode\n",
            Optional.of("at x"),
            Optional.of(true));
    TaskMetrics metrics =
        new TaskMetrics(Optional.of(1L), Optional.of(2L), Optional.of(3L), Optional.of(4L));
    return List.of(
        new RunTriggered(
            "run_1",
            "plan_1",
            new TriggerInfo.Sensor("sensor_1", "cursor-9"),
            List.of("analytics.b", "analytics.a"),
            Optional.of("daily:2025-01-15"),
            Map.of("z", "last", "a", "first", "arco.backfill_id", "bf"),
            Optional.of("v1"),
            Optional.of("man_1"),
            Optional.of("fp"),
            Optional.of("MANUAL")),
        new PlanCreated(
            "run_1",
            "plan_1",
            List.of(
                new TaskDef(
                    "analytics.b",
                    List.of("analytics.a"),
                    Optional.of("analytics.b"),
                    Optional.of("2025-01-15"),
                    5,
                    60,
                    true,
                    Optional.of(10),
                    Optional.of(100),
                    Optional.of("gpu")),
                TaskDef.of("analytics.a", List.of()))),
        new RunCancelRequested("run_1", Optional.of("user asked"), "alice"),
        new TaskStarted("run_1", "analytics.a", 1, "att_1", "w-1"),
        new TaskHeartbeat(
            "run_1",
            "analytics.a",
            1,
            "att_1",
            "w-1",
            Optional.of(T1),
            Optional.of(42),
            Optional.of("half")),
        new TaskFinished(
            "run_1",
            "analytics.a",
            1,
            "att_1",
            "anti-entropy",
            TaskOutcome.FAILED,
            Optional.of("mat-1"),
            Optional.of("stale"),
            Optional.of(output),
            Optional.of(error),
            Optional.of(metrics),
            Optional.of("load"),
            Optional.of("{\"rows\":3}"),
            Optional.of("analytics.a"),
            Optional.of("p1"),
            Optional.of("v1")),
        new TaskCompletionRecorded(
            "run_1",
            "analytics.a",
            2,
            "att_2",
            "w-1",
            TaskOutcome.SUCCEEDED,
            Optional.of("mat-2"),
            Optional.of("msg"),
            Optional.of(output),
            Optional.of(error),
            Optional.of(metrics),
            Optional.of("load"),
            Optional.of("{}"),
            Optional.of("analytics.a"),
            Optional.of("p1"),
            Optional.of("v1"),
            Optional.of(
                new OutputVisibilityUpdate(
                    OutputVisibilityState.PENDING, Optional.of(T1), Optional.of("later"))),
            Optional.of(T0)),
        new DispatchRequested(
            "run_1", "analytics.a", 1, "att_1", "gpu", "dispatch:run_1:analytics.a:1"),
        new DispatchEnqueued(
            "dispatch:run_1:analytics.a:1",
            Optional.of("run_1"),
            Optional.of("analytics.a"),
            Optional.of(1),
            Optional.of("w-1")),
        new TimerRequested(
            "timer:retry:run_1:analytics.a:1:1736935230",
            TimerType.RETRY,
            Optional.of("run_1"),
            Optional.of("analytics.a"),
            Optional.of(1),
            T2),
        new TimerFired(
            "timer:heartbeat:run_1:analytics.a:1:1736935230",
            TimerType.HEARTBEAT_CHECK,
            Optional.of("run_1"),
            Optional.of("analytics.a"),
            Optional.of(1)),
        new io.arco.flow.event.ScheduleDefinitionUpserted(
            "sch-1", "0 9 * * 1-5", "Europe/Paris", 60, List.of("a.b", "a.c"), Optional.of("c1"), 3, false,
            io.arco.flow.model.OverlapPolicy.SKIP),
        new io.arco.flow.event.ScheduleTicked(
            "sch-1", T, "sch-1:1736935200", "01JHdef", List.of("a.b"), Optional.of(List.of("p1")),
            new io.arco.flow.event.TickStatus.Failed("invalid timezone Mars/Base"), Optional.of("sched:sch-1:1"),
            Optional.of("fp")),
        new io.arco.flow.event.RunRequested(
            "sensor:s1:msg:m1", "fp", List.of("a.b"), Optional.of(List.of("date=d:2025-01-15")),
            new io.arco.flow.event.SourceRef.Sensor("s1", "eval_s1_x"), java.util.Map.of("k", "v"),
            Optional.of("c1")),
        new io.arco.flow.event.SensorDefinitionUpserted(
            "sen-1", io.arco.flow.model.SensorKind.POLL, List.of("a.b"), 60, Optional.of("c1")),
        new io.arco.flow.event.SensorEvaluated(
            "sen-1", "eval_sen-1_0123456789abcdef", Optional.of("c0"), Optional.of("c1"), Optional.of(7),
            new io.arco.flow.model.TriggerSource.Poll(1736935200L),
            List.of(new io.arco.flow.model.RunRequest("sensor:sen-1:poll:7:0", "fp", List.of("a.b"), Optional.of(List.of("p1")), Optional.of("c1"))),
            new io.arco.flow.model.SensorEvalStatus.Error("timeout")),
        new io.arco.flow.event.SensorStatusChanged("sen-1", io.arco.flow.model.SensorStatus.PAUSED, "alice"),
        new io.arco.flow.event.SensorEvaluationLeased("sen-1", 7, 1736935200L, "w-1"),
        new io.arco.flow.event.BackfillCreated(
            "bf-1", "req-1", List.of("a.b"), Optional.of("c1"),
            new io.arco.flow.model.PartitionSelector.Filter(Map.of("start", "2025-01-01", "end", "2025-01-31")),
            31, 10, 2, Optional.of("bf-0"), Optional.of("m-1"), Map.of("regions", List.of("eu", "us"))),
        new io.arco.flow.event.BackfillChunkPlanned(
            "bf-1", "bf-1:0", 0, List.of("date=d:2025-01-01"), "backfill:bf-1:chunk:0", "ab12", 1),
        new io.arco.flow.event.BackfillStateChanged(
            "bf-1", io.arco.flow.model.BackfillState.RUNNING, io.arco.flow.model.BackfillState.PAUSED, 2,
            Optional.of("alice")),
        new io.arco.flow.event.PartitionSetMembersChanged(
            "customers", List.of("acme", "ünïcode 🎉"), List.of("globex")),
        new io.arco.flow.event.WorkspaceSettingsChanged(
            Optional.of(3),
            List.of(
                new io.arco.flow.model.LabelLimit("team", Optional.empty(), 2),
                new io.arco.flow.model.LabelLimit("team", Optional.of("grøwth 🎉"), 1))),
        new UnknownEvent(
            "future_event",
            "{\"schedule_id\":\"s1\",\"tick\":{\"n\":1},\"type\":\"future_event\"}"));
  }

  /** Every payload type with required fields only, empty optionals and empty collections. */
  public static List<Event> minimal() {
    Optional<String> none = Optional.empty();
    return List.of(
        new RunTriggered(
            "run_2",
            "plan_2",
            new TriggerInfo.Manual("api"),
            List.of(),
            none,
            Map.of(),
            none,
            none,
            none,
            none),
        new PlanCreated("run_2", "plan_2", List.of()),
        new RunCancelRequested("run_2", none, "api"),
        new TaskStarted("run_2", "a", 1, "att", "w"),
        new TaskHeartbeat("run_2", "a", 1, "att", "w", null, null, null),
        new TaskFinished(
            "run_2",
            "a",
            1,
            "att",
            "w",
            TaskOutcome.CANCELLED,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        new TaskCompletionRecorded(
            "run_2",
            "a",
            1,
            "att",
            "w",
            TaskOutcome.SKIPPED,
            null,
            null,
            Optional.of(TaskOutput.empty()),
            Optional.of(new TaskError(ErrorCategory.TIMEOUT, "", null, null)),
            Optional.of(new TaskMetrics(null, null, null, null)),
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        new DispatchRequested("run_2", "a", 0, "att", "default-queue", "dispatch:run_2:a:0"),
        new DispatchEnqueued("d", null, null, null, null),
        new TimerRequested("timer:cron:s:1", TimerType.CRON, null, null, null, T0),
        new TimerFired("timer:sla:r:a:1:1", TimerType.SLA_CHECK, null, null, null),
        new io.arco.flow.event.ScheduleDefinitionUpserted(
            "s", "* * * * *", "UTC", 0, List.of(), Optional.empty(), 1, true, null),
        new io.arco.flow.event.ScheduleTicked(
            "s", T, "s:1", "v", List.of(), Optional.empty(), new io.arco.flow.event.TickStatus.Triggered(),
            Optional.empty(), Optional.empty()),
        new io.arco.flow.event.RunRequested(
            "k", "", List.of(), Optional.empty(), new io.arco.flow.event.SourceRef.Schedule("s", "s:1"),
            java.util.Map.of(), Optional.empty()),
        new io.arco.flow.event.SensorDefinitionUpserted(
            "s", io.arco.flow.model.SensorKind.PUSH, List.of(), 30, Optional.empty()),
        new io.arco.flow.event.SensorEvaluated(
            "s", "e", Optional.empty(), Optional.empty(), Optional.empty(),
            new io.arco.flow.model.TriggerSource.Push("m1"), List.of(),
            new io.arco.flow.model.SensorEvalStatus.NoNewData()),
        new io.arco.flow.event.SensorStatusChanged("s", io.arco.flow.model.SensorStatus.ACTIVE, "api"),
        new io.arco.flow.event.SensorEvaluationLeased("s", 0, 0L, "w"),
        new io.arco.flow.event.BackfillCreated(
            "bf-2", "req-2", List.of(), Optional.empty(),
            new io.arco.flow.model.PartitionSelector.Explicit(List.of("date=d:2025-01-02", "date=d:2025-01-01")),
            0, 0, 0, Optional.empty(), Optional.empty(), Map.of()),
        new io.arco.flow.event.BackfillChunkPlanned("bf-2", "bf-2:0", 0, List.of(), "backfill:bf-2:chunk:0", "", 0),
        new io.arco.flow.event.BackfillStateChanged(
            "bf-2", io.arco.flow.model.BackfillState.RUNNING, io.arco.flow.model.BackfillState.CANCELLED, 2,
            Optional.empty()),
        new io.arco.flow.event.PartitionSetMembersChanged("s", List.of(), List.of()),
        new io.arco.flow.event.WorkspaceSettingsChanged(Optional.empty(), List.of()),
        new UnknownEvent("", "{\"type\":\"\"}"));
  }

  public static EventEnvelope envelope(String eventId, Event data) {
    return EventEnvelope.of(eventId, T1, SCOPE, data);
  }
}
