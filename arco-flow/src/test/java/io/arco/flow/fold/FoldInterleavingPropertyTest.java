package io.arco.flow.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskFinished;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.store.codec.SnapshotCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * flow-model §0.4.8: any interleaving that keeps each stream's events in order (a stream is one
 * run, schedule, sensor, backfill, the settings or a partition set; see {@link EventStreams}), with duplicates (same
 * key, same or new event id) inserted anywhere after their original, folds to the same projections
 * as the canonical order; and folding the whole log from empty equals the live state equals a
 * snapshot plus the tail — all compared as serialised snapshot bytes.
 */
class FoldInterleavingPropertyTest {
  private static final Scope SCOPE = new Scope("t1", "w1");

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
    java.util.Map<String, List<String>> prefixThenTail = history(prefix);
    history(restored).forEach((kind, rows) -> prefixThenTail.get(kind).addAll(rows));

    // Live, full replay and snapshot + tail agree on the history rows too (decisions §3), each
    // kind in the order its rows left memory.
    assertThat(history(replayed)).isEqualTo(history(live));
    assertThat(prefixThenTail).isEqualTo(history(live));

    assertThat(bytes(replayed)).isEqualTo(bytes(live));
    assertThat(bytes(restored)).isEqualTo(bytes(live));
    assertThat(restored.openRuns()).isEqualTo(live.openRuns());
    assertThat(restored.liveTasks()).isEqualTo(live.liveTasks());
    assertThat(replayed.liveTasks()).isEqualTo(live.liveTasks());
    io.arco.flow.testing.FoldHarness.assertInFlightMatchesTasks(live);
    io.arco.flow.testing.FoldHarness.assertInFlightMatchesTasks(restored);
  }

  /**
   * Seeds that once folded to different partition status: a plain run's heartbeat timeout failed
   * a partition another plain run had materialized (see {@link #plainRunsNeverFailAPartitionTheyShare}).
   */
  @Example
  void sharedPartitionsFoldToTheSameBytesForSeedsThatOnceDiffered() {
    interleavingsWithDuplicatesFoldToTheSameBytes(30416L, 0L);
    interleavingsWithDuplicatesFoldToTheSameBytes(2046L, 0L);
    interleavingsWithDuplicatesFoldToTheSameBytes(3334L, 1L);
    interleavingsWithDuplicatesFoldToTheSameBytes(3932L, 0L);
  }

  /**
   * The streams keep the assumption both properties rest on: plain runs share their assets'
   * partitions, so none of them writes a failure (or any non-success) with a partition key. With
   * fixed event ids, such a failure folded before an older success of another run would skip that
   * success whole (flow-model part 2 §1.10), which no real log, minted in id order, can do. The
   * timer controller's heartbeat timeouts were the way in: a timer pass times out every leased
   * task past its deadline, partitioned ones included.
   */
  @Example
  void plainRunsNeverFailAPartitionTheyShare() {
    LongStream.concat(LongStream.range(0, 200), LongStream.of(2046, 3334, 3932, 30416)).forEach(
        seed ->
            scenario(new Random(seed)).stream()
                .filter(stream -> !stream.isEmpty() && stream.getFirst().eventId().startsWith("01RUN"))
                .flatMap(List::stream)
                .forEach(
                    e -> {
                      boolean partitionedNonSuccess =
                          switch (e.data()) {
                            case TaskCompletionRecorded c ->
                                c.outcome() != TaskOutcome.SUCCEEDED && c.partitionKey().isPresent();
                            case TaskFinished f ->
                                f.outcome() != TaskOutcome.SUCCEEDED && f.partitionKey().isPresent();
                            default -> false;
                          };
                      assertThat(partitionedNonSuccess).as("seed %d, event %s", seed, e.eventId()).isFalse();
                    }));
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

  /**
   * The encoded history rows a state evicted, per kind (runs, ticks, evaluations), each in the
   * order its rows left memory.
   */
  private static java.util.Map<String, List<String>> history(FoldState s) {
    io.arco.flow.fold.HistoryRows rows = s.evictedSinceDrain();
    java.util.Map<String, List<String>> out = new java.util.TreeMap<>();
    out.put("runs", new ArrayList<>(rows.runs().stream().map(FoldInterleavingPropertyTest::encoded).toList()));
    out.put("ticks", new ArrayList<>(rows.ticks().stream().map(FoldInterleavingPropertyTest::encoded).toList()));
    out.put("evals", new ArrayList<>(rows.evals().stream().map(FoldInterleavingPropertyTest::encoded).toList()));
    return out;
  }

  private static String encoded(Record row) {
    return new String(io.arco.flow.store.codec.HistoryCodec.encode(row), java.nio.charset.StandardCharsets.UTF_8);
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

  /** Independent streams: plain runs and, often, a schedule, a sensor, a backfill and more. */
  static List<List<EventEnvelope>> scenario(Random r) {
    return EventStreams.scenario(r);
  }

  /**
   * The scenarios produce every event type the sealed {@link Event} permits, so the properties
   * above fold all of them: a new event type fails here until {@link EventStreams} generates it.
   */
  @Example
  void everyEventTypeIsGenerated() {
    java.util.Set<Class<?>> permitted = java.util.Set.of(Event.class.getPermittedSubclasses());
    java.util.Map<Class<?>, Integer> scenariosWith = new java.util.HashMap<>();
    for (long seed = 0; seed < 100; seed++) {
      java.util.Set<Class<?>> types = new java.util.HashSet<>();
      scenario(new Random(seed)).forEach(stream -> stream.forEach(e -> types.add(e.data().getClass())));
      types.forEach(t -> scenariosWith.merge(t, 1, Integer::sum));
    }
    assertThat(scenariosWith.keySet()).containsExactlyInAnyOrderElementsOf(permitted);
    // Each type shows up in a good share of the scenarios, not once by luck.
    assertThat(scenariosWith)
        .allSatisfy((type, n) -> assertThat(n).as(type.getSimpleName()).isGreaterThanOrEqualTo(10));
  }
}
