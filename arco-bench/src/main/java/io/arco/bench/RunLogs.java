package io.arco.bench;

import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskDef;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.event.TriggerInfo;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.Ids;
import io.arco.flow.model.RunState;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic event logs for the benchmarks: runs whose every task goes dispatch (requested and
 * enqueued, as a lease writes them) → start → heartbeat → successful completion, in the order the
 * engine would write them. The event builders follow {@code io.arco.flow.testing.Events} of
 * arco-flow's tests (copied rather than depending on the test-jar, so the benchmark jar carries no
 * test classes).
 */
final class RunLogs {
  static final Scope SCOPE = new Scope("bench", "bench");
  static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
  static final String WORKER = "bench-worker";

  /** Events one run adds besides its tasks: {@code RunTriggered} and {@code PlanCreated}. */
  static final int EVENTS_PER_RUN = 2;

  /** Events one task adds: dispatch requested, dispatch enqueued, started, heartbeat, completed. */
  static final int EVENTS_PER_TASK = 5;

  private RunLogs() {}

  /** Events of one run of {@code tasks} tasks, in lifecycle order. */
  static int eventsPerRun(int tasks) {
    return EVENTS_PER_RUN + EVENTS_PER_TASK * tasks;
  }

  /** Run ids shaped like the engine's (26-character ULIDs), distinct and increasing. */
  static String runId(int i) {
    return String.format("01JBENCH%018d", i);
  }

  /** Task keys shaped like canonical asset keys. */
  static String taskKey(int i) {
    return String.format("bench.asset_%03d", i);
  }

  /** The events of {@code runs} runs of the given shape, one run after another. */
  static List<Event> facts(int runs, RunShape shape, int tasksPerRun) {
    List<Event> out = new ArrayList<>(runs * eventsPerRun(tasksPerRun));
    for (int r = 0; r < runs; r++) {
      appendRun(out, runId(r), shape, tasksPerRun);
    }
    return out;
  }

  private static void appendRun(List<Event> out, String runId, RunShape shape, int tasks) {
    List<TaskDef> defs = new ArrayList<>(tasks);
    List<List<String>> waves = new ArrayList<>();
    switch (shape) {
      case CHAIN -> {
        for (int i = 0; i < tasks; i++) {
          defs.add(task(taskKey(i), i == 0 ? List.of() : List.of(taskKey(i - 1))));
          waves.add(List.of(taskKey(i)));
        }
      }
      case FAN_OUT -> {
        String root = taskKey(0);
        defs.add(task(root, List.of()));
        waves.add(List.of(root));
        if (tasks > 1) {
          List<String> middle = new ArrayList<>();
          for (int i = 1; i < tasks - 1; i++) {
            defs.add(task(taskKey(i), List.of(root)));
            middle.add(taskKey(i));
          }
          if (!middle.isEmpty()) {
            waves.add(middle);
          }
          String sink = taskKey(tasks - 1);
          defs.add(task(sink, middle.isEmpty() ? List.of(root) : middle));
          waves.add(List.of(sink));
        }
      }
    }
    out.add(runTriggered(runId));
    out.add(new PlanCreated(runId, "plan-" + runId, defs));
    Instant beat = T0.plusSeconds(1);
    // A wave's tasks are ready together and run in parallel, as workers would interleave them.
    for (List<String> wave : waves) {
      wave.forEach(k -> out.add(dispatch(runId, k)));
      wave.forEach(k -> out.add(enqueued(runId, k)));
      wave.forEach(k -> out.add(started(runId, k)));
      for (String k : wave) {
        out.add(heartbeat(runId, k, beat));
      }
      wave.forEach(k -> out.add(succeeded(runId, k)));
    }
  }

  /**
   * Envelopes of {@code facts} with increasing event ids and timestamps (1 ms apart). Every event
   * named in {@code duplicated} is delivered a second time, 1 to 16 events later (fixed seed), with
   * a fresh event id and the same payload, so the same idempotency key.
   */
  static List<EventEnvelope> envelopes(List<Event> facts, BitSet duplicated, long seed) {
    Random random = new Random(seed);
    TreeMap<Integer, List<Event>> pending = new TreeMap<>();
    List<EventEnvelope> out = new ArrayList<>(facts.size() + duplicated.cardinality());
    for (int i = 0; i < facts.size(); i++) {
      add(out, facts.get(i));
      if (duplicated.get(i)) {
        pending.computeIfAbsent(i + 1 + random.nextInt(16), k -> new ArrayList<>()).add(facts.get(i));
      }
      List<Event> due = pending.remove(i);
      if (due != null) {
        due.forEach(e -> add(out, e));
      }
    }
    pending.values().forEach(list -> list.forEach(e -> add(out, e)));
    return out;
  }

  /** Envelopes of {@code facts} without duplicates. */
  static List<EventEnvelope> envelopes(List<Event> facts) {
    return envelopes(facts, new BitSet(), 0);
  }

  /** Exactly {@code count} of {@code size} positions, chosen with a fixed seed. */
  static BitSet choose(int size, int count, long seed) {
    List<Integer> positions = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      positions.add(i);
    }
    Collections.shuffle(positions, new Random(seed));
    BitSet chosen = new BitSet(size);
    positions.subList(0, count).forEach(chosen::set);
    return chosen;
  }

  private static void add(List<EventEnvelope> out, Event e) {
    long n = out.size() + 1L;
    out.add(EventEnvelope.of(String.format("01JEVT%020d", n), T0.plusMillis(n), SCOPE, e));
  }

  /**
   * Folds {@code log} into a fresh state and checks it did what the benchmark claims: {@code
   * applied} events applied (the rest hit the idempotency gate) and every run succeeded.
   */
  static FoldState foldAndCheck(List<EventEnvelope> log, int applied, int runs) {
    FoldState state = new FoldState();
    int n = 0;
    for (EventEnvelope e : log) {
      if (Fold.apply(state, e)) {
        n++;
      }
    }
    if (n != applied) {
      throw new IllegalStateException("expected " + applied + " applied events, got " + n);
    }
    // Runs that ended left memory for history (decisions §3); the state counts them by state.
    long succeeded =
        state.runs().values().stream().filter(r -> r.state() == RunState.SUCCEEDED).count()
            + state.finishedRunCounts().getOrDefault(io.arco.flow.model.PublicRunState.SUCCEEDED, 0L);
    if (succeeded != runs) {
      throw new IllegalStateException("expected " + runs + " succeeded runs, got " + succeeded);
    }
    return state;
  }

  // ---- builders (after io.arco.flow.testing.Events) ----------------------------------------

  static TaskDef task(String key, List<String> deps) {
    return TaskDef.of(key, deps);
  }

  static RunTriggered runTriggered(String runId) {
    return new RunTriggered(
        runId,
        "plan-" + runId,
        new TriggerInfo.Manual("bench"),
        List.of(),
        Optional.empty(),
        Map.of(),
        Optional.of("code-1"),
        Optional.empty(),
        Optional.empty(),
        Optional.of("manual"));
  }

  static String attemptId(String runId, String taskKey) {
    return Ids.attemptId(runId, taskKey, 1);
  }

  static DispatchRequested dispatch(String runId, String taskKey) {
    return new DispatchRequested(
        runId,
        taskKey,
        1,
        attemptId(runId, taskKey),
        TaskDef.DEFAULT_QUEUE,
        Ids.dispatchId(runId, taskKey, 1));
  }

  static DispatchEnqueued enqueued(String runId, String taskKey) {
    return new DispatchEnqueued(
        Ids.dispatchId(runId, taskKey, 1),
        Optional.of(runId),
        Optional.of(taskKey),
        Optional.of(1),
        Optional.of(WORKER));
  }

  static TaskStarted started(String runId, String taskKey) {
    return new TaskStarted(runId, taskKey, 1, attemptId(runId, taskKey), WORKER);
  }

  static TaskHeartbeat heartbeat(String runId, String taskKey, Instant at) {
    return new TaskHeartbeat(
        runId,
        taskKey,
        1,
        attemptId(runId, taskKey),
        WORKER,
        Optional.of(at),
        Optional.of(50),
        Optional.empty());
  }

  static TaskCompletionRecorded succeeded(String runId, String taskKey) {
    return succeeded(runId, taskKey, Optional.empty());
  }

  static TaskCompletionRecorded succeeded(
      String runId, String taskKey, Optional<TaskOutput> output) {
    return new TaskCompletionRecorded(
        runId,
        taskKey,
        1,
        attemptId(runId, taskKey),
        WORKER,
        TaskOutcome.SUCCEEDED,
        output.flatMap(TaskOutput::materializationId),
        Optional.empty(),
        output,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(taskKey),
        Optional.empty(),
        Optional.of("code-1"),
        Optional.empty(),
        Optional.empty());
  }
}
