package io.arco.flow.fold;

import static io.arco.flow.testing.Events.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskState;
import io.arco.flow.store.codec.SnapshotCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * flow-model §0.4.8: any interleaving that keeps each run's events in order, with duplicates (same
 * key, same or new event id) inserted anywhere after their original, folds to the same projections
 * as the canonical order; and folding the whole log from empty equals the live state equals a
 * snapshot plus the tail — all compared as serialised snapshot bytes.
 */
class FoldInterleavingPropertyTest {
  private static final Scope SCOPE = new Scope("t1", "w1");
  private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

  @Property(tries = 300)
  void interleavingsWithDuplicatesFoldToTheSameBytes(
      @ForAll long scenarioSeed, @ForAll long interleaveSeed) {
    List<List<EventEnvelope>> runs = scenario(new Random(scenarioSeed));
    List<EventEnvelope> canonical = new ArrayList<>();
    runs.forEach(canonical::addAll);
    List<EventEnvelope> shuffled = interleave(runs, new Random(interleaveSeed));

    FoldState expected = fold(canonical);
    FoldState actual = fold(shuffled);
    assertThat(bytes(actual)).isEqualTo(bytes(expected));
    // History rows match too, up to the log position each run ended at (orders differ).
    assertThat(historyIgnoringPositions(actual)).isEqualTo(historyIgnoringPositions(expected));
  }

  @Property(tries = 200)
  void fullReplayEqualsLiveEqualsSnapshotPlusTail(@ForAll long scenarioSeed, @ForAll long splitSeed) {
    List<List<EventEnvelope>> runs = scenario(new Random(scenarioSeed));
    List<EventEnvelope> log = interleave(runs, new Random(splitSeed));

    FoldState live = new FoldState();
    List<EventEnvelope> applied = new ArrayList<>();
    for (EventEnvelope e : log) {
      live.position(applied.size() + 1L);
      if (io.arco.flow.testing.FoldHarness.applyChecked(live, e)) {
        applied.add(e);
      }
    }
    FoldState replayed = fold(applied);
    int split = new Random(splitSeed).nextInt(applied.size() + 1);
    FoldState prefix = fold(applied.subList(0, split));
    FoldState restored = FoldState.fromSnapshot(SnapshotCodec.decode(bytes(prefix)));
    for (int i = split; i < applied.size(); i++) {
      restored.position(i + 1L);
      assertThat(Fold.apply(restored, applied.get(i))).as("a stored event applies on replay").isTrue();
    }
    List<byte[]> prefixThenTail = new ArrayList<>(history(prefix));
    prefixThenTail.addAll(history(restored));

    // Live, full replay and snapshot + tail agree on the history rows too (decisions §3).
    assertThat(history(replayed)).containsExactlyElementsOf(history(live));
    assertThat(prefixThenTail).containsExactlyElementsOf(history(live));

    assertThat(bytes(replayed)).isEqualTo(bytes(live));
    assertThat(bytes(restored)).isEqualTo(bytes(live));
    assertThat(restored.openRuns()).isEqualTo(live.openRuns());
    assertThat(restored.liveTasks()).isEqualTo(live.liveTasks());
    assertThat(replayed.liveTasks()).isEqualTo(live.liveTasks());
    io.arco.flow.testing.FoldHarness.assertInFlightMatchesTasks(live);
    io.arco.flow.testing.FoldHarness.assertInFlightMatchesTasks(restored);
  }

  private static byte[] bytes(FoldState s) {
    return SnapshotCodec.encode(s.snapshot());
  }

  private static FoldState fold(List<EventEnvelope> events) {
    FoldState s = new FoldState();
    long position = 0;
    for (EventEnvelope e : events) {
      s.position(position + 1);
      if (Fold.apply(s, e)) {
        position++;
      }
    }
    return s;
  }

  /** The encoded history rows a state evicted, in the order they left memory. */
  private static List<byte[]> history(FoldState s) {
    io.arco.flow.fold.HistoryRows rows = s.evictedSinceDrain();
    List<byte[]> out = new ArrayList<>();
    rows.runs().forEach(r -> out.add(io.arco.flow.store.codec.HistoryCodec.encode(r)));
    rows.ticks().forEach(t -> out.add(io.arco.flow.store.codec.HistoryCodec.encode(t)));
    rows.evals().forEach(e -> out.add(io.arco.flow.store.codec.HistoryCodec.encode(e)));
    return out;
  }

  private static java.util.Map<String, String> historyIgnoringPositions(FoldState s) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (FinishedRun r : s.evictedSinceDrain().runs()) {
      FinishedRun at0 = new FinishedRun(0, r.run(), r.publicState(), r.tasks(), r.edges(), r.timers(), r.runKey());
      out.put(r.runId(), new String(io.arco.flow.store.codec.HistoryCodec.encode(at0), java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Merges the runs' lists keeping each run's order, then re-inserts some events later on. */
  static List<EventEnvelope> interleave(List<List<EventEnvelope>> runs, Random r) {
    List<EventEnvelope> out = new ArrayList<>();
    int[] next = new int[runs.size()];
    int remaining = runs.stream().mapToInt(List::size).sum();
    while (remaining > 0) {
      int pick = r.nextInt(runs.size());
      while (next[pick] >= runs.get(pick).size()) {
        pick = (pick + 1) % runs.size();
      }
      out.add(runs.get(pick).get(next[pick]++));
      remaining--;
    }
    int dups = out.isEmpty() ? 0 : r.nextInt(1 + out.size() / 3);
    for (int i = 0; i < dups; i++) {
      int from = r.nextInt(out.size());
      EventEnvelope original = out.get(from);
      EventEnvelope dup =
          r.nextBoolean()
              ? original
              : EventEnvelope.of(
                  original.eventId() + "D" + i,
                  original.timestamp().plusMillis(1),
                  SCOPE,
                  original.data(),
                  original.idempotencyKey());
      out.add(from + 1 + r.nextInt(out.size() - from), dup);
    }
    return out;
  }

  /** 1–4 runs with small random DAGs, each simulated to a plausible event sequence. */
  static List<List<EventEnvelope>> scenario(Random r) {
    int runs = 1 + r.nextInt(4);
    List<List<EventEnvelope>> out = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      out.add(simulateRun("run" + i, r));
    }
    return out;
  }

  private static List<EventEnvelope> simulateRun(String runId, Random r) {
    List<EventEnvelope> log = new ArrayList<>();
    FoldState s = new FoldState();
    long[] clock = {0};
    int[] seq = {0};
    java.util.function.Consumer<Event> emit =
        e -> {
          clock[0] += 1 + r.nextInt(5000);
          String id = String.format("01%s%06d", runId.toUpperCase(), ++seq[0]);
          EventEnvelope env = EventEnvelope.of(id, T0.plusMillis(clock[0]), SCOPE, e);
          log.add(env);
          Fold.apply(s, env);
        };
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
    emit.accept(runTriggered(runId));
    emit.accept(new PlanCreated(runId, "plan-" + runId, tasks));
    for (int step = 0; step < 40; step++) {
      if (s.run(runId).orElseThrow().state().isTerminal()) {
        break;
      }
      if (r.nextInt(30) == 0) {
        emit.accept(cancel(runId));
        continue;
      }
      List<TaskRow> open =
          s.tasksOf(runId).values().stream().filter(t -> !t.state().isTerminal()).toList();
      if (open.isEmpty()) {
        break;
      }
      TaskRow t = open.get(r.nextInt(open.size()));
      String key = t.taskKey();
      switch (t.state()) {
        case READY, RETRY_WAIT -> {
          int next = t.state() == TaskState.RETRY_WAIT ? t.attempt() + 1 : 1;
          emit.accept(dispatch(runId, key, next));
          emit.accept(enqueued(runId, key, next, "w" + r.nextInt(3)));
        }
        case DISPATCHED -> {
          if (r.nextInt(4) == 0) {
            emit.accept(failed(runId, key, t.attempt()));
          } else {
            emit.accept(started(runId, key, t.attempt()));
          }
        }
        case RUNNING -> {
          int roll = r.nextInt(20);
          Instant at = T0.plusMillis(clock[0] + 1);
          if (roll < 3) {
            emit.accept(heartbeat(runId, key, t.attempt(), at));
          } else if (roll < 5 && t.attempt() > 1) {
            emit.accept(succeeded(runId, key, t.attempt() - 1)); // stale: old attempt, recorded key
          } else if (roll < 12) {
            TaskDef def = tasks.stream().filter(d -> d.key().equals(key)).findFirst().orElseThrow();
            var c = succeeded(runId, key, t.attempt(), output("tbl_" + key, t.attempt(), "p"));
            emit.accept(def.partitionKey().map(c::withPartition).orElse(c));
          } else if (roll < 17) {
            emit.accept(failed(runId, key, t.attempt()));
          } else if (roll < 19) {
            emit.accept(failed(runId, key, t.attempt(), ErrorCategory.DATA_QUALITY));
          } else {
            emit.accept(cancelledOutcome(runId, key, t.attempt()));
          }
        }
        default -> {}
      }
    }
    return log;
  }
}
