package io.arco.bench;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.fold.FoldState;
import io.arco.flow.store.codec.EventCodec;
import io.arco.flow.store.codec.SnapshotCodec;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The storage codecs: {@link EventCodec} on one completion event and {@link SnapshotCodec} on a
 * workspace of 1,000 finished runs of 10 tasks.
 *
 * <p>Why it matters: the SQLite store encodes every appended event inside the writer's critical
 * path and decodes every event it reads back (engine start, log replay); the engine encodes a full
 * snapshot every {@code snapshotEvery} events on the writer thread, so snapshot encoding stalls
 * the single writer for as long as it takes, and that grows with the workspace.
 *
 * <p>Inputs, built in {@link #setup}: a successful {@code TaskCompletionRecorded} with a worker
 * output (materialization id, row count, byte size, Delta table, version and partition), as the
 * {@code /completed} callback writes it; and the snapshot of the state folded from 1,000 fan-out
 * runs of 10 tasks (root, 8 parallel tasks, sink; 52,000 events, so 52,000 idempotency records,
 * 10,000 task rows and 16,000 edges).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class CodecBenchmark {
  static final int SNAPSHOT_RUNS = 1_000;
  static final int SNAPSHOT_TASKS_PER_RUN = 10;

  private EventEnvelope completion;
  private byte[] completionBytes;
  private FoldSnapshot snapshot;

  @Setup(Level.Trial)
  public void setup() {
    String runId = RunLogs.runId(7);
    String taskKey = RunLogs.taskKey(3);
    TaskOutput output =
        new TaskOutput(
            Optional.of("mat-" + runId + "-" + taskKey),
            Optional.of(1_250_000L),
            Optional.of(48_000_000L),
            Optional.of("s3://warehouse/bench/asset_003/part-00000.parquet"),
            Optional.of("bench.asset_003"),
            Optional.of(42L),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    completion =
        EventEnvelope.of(
            "01JEVT00000000000000000042",
            RunLogs.T0,
            RunLogs.SCOPE,
            RunLogs.succeeded(runId, taskKey, Optional.of(output)));
    completionBytes = EventCodec.encode(completion);
    if (!EventCodec.decode(completionBytes).equals(completion)) {
      throw new IllegalStateException("completion does not round-trip");
    }

    int events = SNAPSHOT_RUNS * RunLogs.eventsPerRun(SNAPSHOT_TASKS_PER_RUN);
    FoldState state =
        RunLogs.foldAndCheck(
            RunLogs.envelopes(
                RunLogs.facts(SNAPSHOT_RUNS, RunShape.FAN_OUT, SNAPSHOT_TASKS_PER_RUN)),
            events,
            SNAPSHOT_RUNS);
    snapshot = state.snapshot();
    byte[] a = SnapshotCodec.encode(snapshot);
    if (!Arrays.equals(a, SnapshotCodec.encode(snapshot))) {
      throw new IllegalStateException("snapshot encoding is not deterministic");
    }
  }

  /** Canonical JSON bytes of one completion envelope (what an append writes). */
  @Benchmark
  public byte[] encodeCompletion() {
    return EventCodec.encode(completion);
  }

  /** The envelope back from its bytes (what a replay reads). */
  @Benchmark
  public EventEnvelope decodeCompletion() {
    return EventCodec.decode(completionBytes);
  }

  /** Canonical JSON bytes of the 1,000-run snapshot; one op is one whole snapshot. */
  @Benchmark
  public byte[] encodeSnapshot() {
    return SnapshotCodec.encode(snapshot);
  }
}
