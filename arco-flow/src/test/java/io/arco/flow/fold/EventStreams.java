package io.arco.flow.fold;

import static io.arco.flow.testing.Events.*;

import io.arco.flow.control.BackfillController;
import io.arco.flow.control.Controller;
import io.arco.flow.control.ControllerInput;
import io.arco.flow.control.RunRequestProcessor;
import io.arco.flow.control.ScheduleController;
import io.arco.flow.control.TimerController;
import io.arco.flow.event.BackfillCreated;
import io.arco.flow.event.BackfillStateChanged;
import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.IdempotencyKeys;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.event.PartitionSetMembersChanged;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.model.RunRequest;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.ScheduleDefinitionUpserted;
import io.arco.flow.event.SensorDefinitionUpserted;
import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.event.SensorEvaluated;
import io.arco.flow.event.SensorEvaluationLeased;
import io.arco.flow.event.SensorStatusChanged;
import io.arco.flow.event.SourceRef;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskDef;
import io.arco.flow.event.TaskFinished;
import io.arco.flow.model.TriggerSource;
import io.arco.flow.event.UnknownEvent;
import io.arco.flow.event.WorkspaceSettingsChanged;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.Ids;
import io.arco.flow.model.LabelLimit;
import io.arco.flow.model.OverlapPolicy;
import io.arco.flow.model.Scope;
import io.arco.flow.model.SensorKind;
import io.arco.flow.model.SensorStatus;
import io.arco.flow.model.TaskState;
import io.arco.flow.model.WorkspaceSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Independent streams of events for the interleaving property (flow-model §0.4.8): each stream is
 * what the engine would append for one run, schedule, sensor, backfill, the workspace settings, a
 * dynamic partition set or a newer version's events, simulated against its own fold state (with
 * the engine's own controllers where they decide), so every stream is a plausible log on its own
 * and streams can interleave freely. Between them the streams produce every type the sealed {@link
 * Event} permits ({@code FoldInterleavingPropertyTest.everyEventTypeIsGenerated} holds them to it).
 */
final class EventStreams {
  static final Scope SCOPE = new Scope("t1", "w1");
  static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

  private EventStreams() {}

  /**
   * 1–4 plain runs with small random DAGs, and, each with a good chance, a schedule, a sensor, a
   * backfill, settings changes, a partition set and an unknown event.
   */
  static List<List<EventEnvelope>> scenario(Random r) {
    List<List<EventEnvelope>> out = new ArrayList<>();
    int runs = 1 + r.nextInt(4);
    for (int i = 0; i < runs; i++) {
      out.add(plainRun("run" + i, r));
    }
    if (r.nextInt(3) > 0) {
      out.add(schedule("sch", r));
    }
    if (r.nextInt(3) > 0) {
      out.add(sensor("sen", r));
    }
    if (r.nextInt(3) > 0) {
      out.add(backfill("bf", r));
    }
    if (r.nextBoolean()) {
      out.add(settings(r));
    }
    if (r.nextBoolean()) {
      out.add(partitionSet(r));
    }
    if (r.nextBoolean()) {
      Stream s = new Stream("UNKNOWN", r);
      s.emit(new UnknownEvent("future_event", "{\"type\":\"future_event\",\"n\":" + r.nextInt(100) + "}"));
      out.add(s.log);
    }
    return out;
  }

  /** A manual run of 1–5 tasks with random dependencies and partitions, driven by workers. */
  static List<EventEnvelope> plainRun(String runId, Random r) {
    // Plain runs share their assets' partitions with each other.
    Stream s = new Stream(runId.toUpperCase(), r, false);
    int n = 1 + r.nextInt(5);
    List<TaskDef> tasks = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      List<String> deps = new ArrayList<>();
      for (int d = 0; d < t; d++) {
        if (r.nextInt(3) == 0) {
          deps.add("a.t" + d);
        }
      }
      TaskDef def = task("a.t" + t, deps.toArray(String[]::new));
      if (r.nextInt(4) == 0) {
        def = def.withPartitionKey(Optional.of("date=d:2025-01-0" + (1 + r.nextInt(3))));
      }
      tasks.add(def);
    }
    s.emit(runTriggered(runId));
    s.emit(new PlanCreated(runId, "plan-" + runId, tasks));
    for (int step = 0; step < 40 && s.runOpen(runId); step++) {
      if (r.nextInt(30) == 0) {
        s.emit(cancel(runId));
        continue;
      }
      s.workerStep(runId);
    }
    return s.log;
  }

  /**
   * A schedule deployed, then time moving in random steps with the engine's controllers ticking it
   * (catch-up limits, overlap skips, a disabled hour) and workers driving the runs its ticks start.
   */
  static List<EventEnvelope> schedule(String id, Random r) {
    Stream s = new Stream("SCHED", r);
    OverlapPolicy overlap = r.nextBoolean() ? OverlapPolicy.SKIP : OverlapPolicy.ALLOW;
    int maxTicks = 1 + r.nextInt(3);
    boolean enabled = true;
    s.emit(scheduleDefinition(id, maxTicks, enabled, overlap));
    for (int step = 0; step < 4; step++) {
      if (r.nextInt(4) == 0) {
        enabled = !enabled;
        s.emit(scheduleDefinition(id, maxTicks, enabled, overlap));
      }
      s.advance(Duration.ofMinutes(r.nextInt(45)));
      s.pass(new TimerController(), new ScheduleController(), new RunRequestProcessor());
      s.driveOpenRuns(r.nextInt(8));
    }
    return s.log;
  }

  private static ScheduleDefinitionUpserted scheduleDefinition(
      String id, int maxTicks, boolean enabled, OverlapPolicy overlap) {
    return new ScheduleDefinitionUpserted(
        id, "*/15 * * * *", "UTC", 60, List.of("s.scheduled"), Optional.of("code-1"), maxTicks, enabled, overlap);
  }

  /**
   * A poll sensor: leases, completions with run requests (some against a stale state version, some
   * errors), pushed messages, pauses and resumes; the run-request processor starts the runs.
   */
  static List<EventEnvelope> sensor(String id, Random r) {
    Stream s = new Stream("SENSOR", r);
    s.emit(new SensorDefinitionUpserted(id, SensorKind.POLL, List.of("s.sensed"), 30, Optional.of("code-1")));
    long epoch = T0.getEpochSecond();
    int statusChanges = 0;
    for (int step = 0; step < 6; step++) {
      SensorStateRow st = s.state.sensorStates().getOrDefault(id, SensorStateRow.initial(id));
      int roll = r.nextInt(10);
      if (roll < 5) {
        epoch += 30 + r.nextInt(60);
        s.emit(new SensorEvaluationLeased(id, st.stateVersion(), epoch, "w" + r.nextInt(2)));
        int expected = r.nextInt(6) == 0 ? st.stateVersion() + 1 : st.stateVersion();
        TriggerSource.Poll source = new TriggerSource.Poll(epoch);
        evaluate(s, id, source, st.cursor(), Optional.of(expected), r, "poll:" + expected);
      } else if (roll < 8) {
        String message = "m" + step;
        evaluate(s, id, new TriggerSource.Push(message), Optional.empty(), Optional.empty(), r, "msg:" + message);
      } else {
        SensorStatus to = st.status() == SensorStatus.PAUSED ? SensorStatus.ACTIVE : SensorStatus.PAUSED;
        SensorStatusChanged change = new SensorStatusChanged(id, to, "ops");
        s.emit(change, IdempotencyKeys.of(change) + ":" + ++statusChanges);
      }
      s.pass(new TimerController(), new RunRequestProcessor());
      s.driveOpenRuns(r.nextInt(6));
    }
    return s.log;
  }

  private static void evaluate(
      Stream s,
      String sensorId,
      TriggerSource source,
      Optional<String> cursorBefore,
      Optional<Integer> expectedVersion,
      Random r,
      String runKeyPart) {
    String key = IdempotencyKeys.sensorEval(sensorId, source, cursorBefore);
    String evalId = Ids.sensorEvalId(sensorId, key);
    List<RunRequest> requests = new ArrayList<>();
    int n = r.nextInt(3);
    for (int i = 0; i < n; i++) {
      Optional<List<String>> partitions =
          r.nextBoolean() ? Optional.of(List.of("date=d:2025-01-0" + (1 + r.nextInt(3)))) : Optional.empty();
      requests.add(
          new RunRequest(
              "sensor:" + sensorId + ":" + runKeyPart + ":" + i,
              "fp-" + i,
              List.of("s.sensed"),
              partitions,
              Optional.of("code-1")));
    }
    SensorEvalStatus status =
        r.nextInt(8) == 0
            ? new SensorEvalStatus.Error("source unreachable")
            : requests.isEmpty() ? new SensorEvalStatus.NoNewData() : new SensorEvalStatus.Triggered();
    if (status instanceof SensorEvalStatus.Error) {
      requests.clear();
    }
    Optional<String> cursorAfter =
        status instanceof SensorEvalStatus.Error ? Optional.empty() : Optional.of("c" + s.seq);
    s.emit(
        new SensorEvaluated(sensorId, evalId, cursorBefore, cursorAfter, expectedVersion, source, requests, status),
        key);
    for (RunRequest q : requests) {
      s.emit(
          new RunRequested(
              q.runKey(),
              q.requestFingerprint(),
              q.assetSelection(),
              q.partitionSelection(),
              new SourceRef.Sensor(sensorId, evalId),
              Map.of(),
              q.codeVersion()));
    }
  }

  /**
   * A backfill over explicit partitions: the backfill controller plans chunks as runs, workers drive
   * them (some partitions fail), operators pause, resume or cancel, and a failed backfill may be
   * retried.
   */
  static List<EventEnvelope> backfill(String id, Random r) {
    Stream s = new Stream("BACKFILL", r);
    int total = 1 + r.nextInt(5);
    List<String> keys = new ArrayList<>();
    for (int i = 1; i <= total; i++) {
      keys.add("date=d:2025-01-0" + i);
    }
    s.emit(
        new BackfillCreated(
            id,
            "req-" + id,
            List.of("s.backfilled"),
            Optional.of("code-1"),
            new PartitionSelector.Explicit(keys),
            total,
            1 + r.nextInt(3),
            1 + r.nextInt(2),
            Optional.empty(),
            Optional.empty(),
            Map.of()));
    for (int step = 0; step < 8; step++) {
      BackfillRow bf = s.state.backfills().get(id);
      int roll = r.nextInt(12);
      if (roll == 0 && bf.state() == BackfillState.RUNNING) {
        s.emit(new BackfillStateChanged(id, bf.state(), BackfillState.PAUSED, bf.stateVersion() + 1, Optional.of("ops")));
      } else if (roll < 3 && bf.state() == BackfillState.PAUSED) {
        s.emit(new BackfillStateChanged(id, bf.state(), BackfillState.RUNNING, bf.stateVersion() + 1, Optional.of("ops")));
      } else if (roll == 3 && !bf.state().isTerminal()) {
        s.emit(new BackfillStateChanged(id, bf.state(), BackfillState.CANCELLED, bf.stateVersion() + 1, Optional.of("ops")));
      } else if (roll < 6 && bf.state() == BackfillState.FAILED) {
        s.emit(new BackfillStateChanged(id, bf.state(), BackfillState.RUNNING, bf.stateVersion() + 1, Optional.of("ops")));
      }
      s.pass(new TimerController(), new BackfillController(), new RunRequestProcessor());
      s.driveOpenRuns(r.nextInt(10));
    }
    return s.log;
  }

  /**
   * One to three replacements of the run-queue settings, each under its own request key; like the
   * engine, a document equal to the current settings is not written.
   */
  static List<EventEnvelope> settings(Random r) {
    Stream s = new Stream("SETTINGS", r);
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      Optional<Integer> max = r.nextBoolean() ? Optional.of(1 + r.nextInt(4)) : Optional.empty();
      List<LabelLimit> limits = new ArrayList<>();
      if (r.nextBoolean()) {
        limits.add(new LabelLimit("team", Optional.empty(), 1 + r.nextInt(3)));
      }
      if (r.nextBoolean()) {
        limits.add(new LabelLimit("team", Optional.of("growth"), 1));
      }
      WorkspaceSettingsChanged change = new WorkspaceSettingsChanged(max, limits);
      if (!s.state.workspaceSettings().equals(new WorkspaceSettings(max, limits))) {
        s.emit(change, "settings:request-" + i);
      }
    }
    return s.log;
  }

  /**
   * Members added to and removed from one dynamic partition set; like the engine, each change
   * holds only what changes, sorted, and a change of nothing is not written.
   */
  static List<EventEnvelope> partitionSet(Random r) {
    Stream s = new Stream("PSET", r);
    List<String> pool = List.of("acme", "globex", "initech", "umbrella");
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      java.util.SortedSet<String> current = s.state.partitionSetMembers("customers");
      List<String> added = new ArrayList<>();
      List<String> removed = new ArrayList<>();
      for (String member : pool) {
        if (r.nextInt(3) == 0) {
          (current.contains(member) ? removed : added).add(member);
        }
      }
      if (!added.isEmpty() || !removed.isEmpty()) {
        s.emit(new PartitionSetMembersChanged("customers", added, removed));
      }
    }
    return s.log;
  }

  /**
   * One stream's log and the fold state the engine would hold after it: every event is folded as
   * it is emitted, so controllers and workers decide on what the stream has done so far.
   */
  static final class Stream {
    final List<EventEnvelope> log = new ArrayList<>();
    final FoldState state = new FoldState();
    private final String prefix;
    private final Random r;
    /**
     * Whether no other stream writes the partition status of this stream's assets. Partition
     * status keeps one row version for both its materialization and its last attempt (flow-model
     * part 2 §1.10: an event older than the row is skipped whole), so a newer failure of one
     * stream folded before an older success of another drops that success. A real log cannot do
     * that (the writer mints event ids in log order, flow-model §0.4.7), but these streams keep
     * fixed ids while they interleave: only streams that own their assets' partitions fail with
     * a partition key. Worker failures carry none; the one failure that does is the timer
     * controller's heartbeat TIMEOUT, so a stream that does not own its partitions runs timer
     * passes only when {@link #timersMayFire()}.
     */
    final boolean ownsPartitions;
    private long clockMs;
    int seq;

    Stream(String prefix, Random r) {
      this(prefix, r, true);
    }

    Stream(String prefix, Random r, boolean ownsPartitions) {
      this.prefix = prefix;
      this.r = r;
      this.ownsPartitions = ownsPartitions;
    }

    Instant now() {
      return T0.plusMillis(clockMs);
    }

    void advance(Duration d) {
      clockMs += d.toMillis();
    }

    /** Appends an event under its default key; answers whether it applied. */
    boolean emit(Event e) {
      return emit(e, IdempotencyKeys.of(e));
    }

    /** Appends an event under {@code key} (as the engine does for request-keyed commands). */
    boolean emit(Event e, String key) {
      clockMs += 1 + r.nextInt(5000);
      String id = String.format("01%s%06d", prefix, ++seq);
      EventEnvelope env = EventEnvelope.of(id, now(), SCOPE, e, key);
      log.add(env);
      return Fold.apply(state, env);
    }

    /** Runs the controllers until none emits anything (as the engine's controller pass does). */
    void pass(Controller... controllers) {
      for (int round = 0; round < 16; round++) {
        boolean emitted = false;
        for (Controller c : controllers) {
          for (Event e : c.evaluate(ControllerInput.of(state, now()))) {
            emit(e);
            emitted = true;
          }
        }
        if (!emitted) {
          return;
        }
      }
    }

    /**
     * Whether a timer pass now cannot write a failure with a partition key this stream does not
     * own: true for an owning stream, else only while none of its partitioned tasks is claimed or
     * running. The check is on every leased task, not on the one a step picked, because a pass
     * times out every task whose heartbeat deadline the clock has passed.
     */
    boolean timersMayFire() {
      return ownsPartitions
          || state.liveTasks().stream()
              .noneMatch(
                  t ->
                      t.partitionKey().isPresent()
                          && (t.state() == TaskState.DISPATCHED || t.state() == TaskState.RUNNING));
    }

    /** A timer controller pass, when {@link #timersMayFire()}. */
    private void passTimers() {
      if (timersMayFire()) {
        pass(new TimerController());
      }
    }

    boolean runOpen(String runId) {
      return state.run(runId).map(run -> !run.state().isTerminal()).orElse(false);
    }

    /** Up to {@code steps} worker steps, each on a random open run of the stream. */
    void driveOpenRuns(int steps) {
      for (int i = 0; i < steps; i++) {
        List<String> open = state.openRuns().stream().filter(this::runOpen).toList();
        if (open.isEmpty()) {
          return;
        }
        workerStep(open.get(r.nextInt(open.size())));
        passTimers();
      }
    }

    /**
     * One step of a worker (or of time) on a random open task of the run: a claim, a start, a
     * heartbeat, a completion (sometimes stale, sometimes the legacy {@code TaskFinished}), a missed
     * heartbeat deadline or a retry timer coming due.
     */
    void workerStep(String runId) {
      List<TaskRow> open =
          state.tasksOf(runId).values().stream().filter(t -> !t.state().isTerminal()).toList();
      if (open.isEmpty()) {
        return;
      }
      TaskRow t = open.get(r.nextInt(open.size()));
      String key = t.taskKey();
      switch (t.state()) {
        case READY, RETRY_WAIT -> {
          if (t.state() == TaskState.RETRY_WAIT
              && t.retryNotBefore().isPresent()
              && r.nextBoolean()
              && timersMayFire()) {
            // Time reaches the retry deadline: the timer controller arms and fires its timer.
            Instant due = t.retryNotBefore().get();
            if (due.isAfter(now())) {
              clockMs = due.toEpochMilli() - T0.toEpochMilli();
            }
            passTimers();
          }
          int next = t.state() == TaskState.RETRY_WAIT ? t.attempt() + 1 : 1;
          emit(dispatch(runId, key, next));
          emit(enqueued(runId, key, next, "w" + r.nextInt(3)));
        }
        case DISPATCHED -> {
          if (r.nextInt(4) == 0) {
            complete(failed(runId, key, t.attempt()));
          } else {
            emit(started(runId, key, t.attempt()));
          }
        }
        case RUNNING -> {
          int roll = r.nextInt(22);
          Instant at = now().plusMillis(1);
          if (roll < 3) {
            emit(heartbeat(runId, key, t.attempt(), at));
          } else if (roll < 5 && t.attempt() > 1) {
            complete(succeeded(runId, key, t.attempt() - 1)); // stale: old attempt, recorded key
          } else if (roll < 12) {
            var c = succeeded(runId, key, t.attempt(), output("tbl_" + key, t.attempt(), "p"));
            complete(t.partitionKey().map(c::withPartition).orElse(c));
          } else if (roll < 17) {
            complete(failed(runId, key, t.attempt()));
          } else if (roll < 19) {
            complete(failed(runId, key, t.attempt(), ErrorCategory.DATA_QUALITY));
          } else if (roll < 21 && timersMayFire()) {
            // The worker goes silent past its heartbeat deadline: a TIMEOUT failure (carrying the
            // task's partition key) for it and for every other leased task past its deadline.
            advance(Duration.ofSeconds(t.heartbeatTimeoutSec()).plus(TimerController.HEARTBEAT_GRACE).plusSeconds(1));
            passTimers();
          } else {
            complete(cancelledOutcome(runId, key, t.attempt()));
          }
        }
        default -> {}
      }
    }

    /** A completion, now and then in the reference's legacy {@code TaskFinished} form. */
    private void complete(TaskCompletionRecorded c) {
      if (r.nextInt(5) == 0) {
        emit(
            new TaskFinished(
                c.runId(),
                c.taskKey(),
                c.attempt(),
                c.attemptId(),
                c.workerId(),
                c.outcome(),
                c.materializationId(),
                c.errorMessage(),
                c.output(),
                c.error(),
                c.metrics(),
                c.cancelledDuringPhase(),
                c.partialProgressJson(),
                c.assetKey(),
                c.partitionKey(),
                c.codeVersion()));
      } else {
        emit(c);
      }
    }
  }
}
