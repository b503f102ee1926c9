package io.arco.bench;

import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldState;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events folded per second: how fast {@link Fold#apply} turns a log into projections.
 *
 * <p>Why it matters: the fold runs on every command (the single writer folds each emitted event
 * while holding the workspace's write lock), and on every start the engine folds the log after the
 * latest snapshot. Its speed bounds the writer's throughput and the time to recover a workspace.
 *
 * <p>Input, built once per parameter set in {@link #setup}: a log of runs, one after another, each
 * going {@code RunTriggered} → {@code PlanCreated} → per task {@code DispatchRequested} → {@code
 * DispatchEnqueued} → {@code TaskStarted} → {@code TaskHeartbeat} → {@code
 * TaskCompletionRecorded} (success), in dependency order. The number of runs is chosen so every
 * log holds exactly {@value #EVENTS} events (13,052 runs of 1 task, 1,757 of 10, 182 of 100), so
 * {@link OperationsPerInvocation} makes JMH's ops/s read as events/s for every parameter set.
 *
 * <p>{@link #foldLog} folds the log into a fresh {@link FoldState}. {@link #foldLogWithDuplicates}
 * folds the same log with {@value #DUPLICATES} redelivered events mixed in (30 % of its {@value
 * #EVENTS_WITH_DUPLICATES} events), each 1–16 events after its original with a fresh event id and
 * the same idempotency key: the idempotency gate's path. Setup checks that exactly {@value #EVENTS}
 * events apply and every run ends SUCCEEDED, so both measure the real transitions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class FoldBenchmark {
  /** Events of every log: divisible by 7, 52 and 502 (the events of a run of 1, 10, 100 tasks). */
  static final int EVENTS = 91_364;

  /** Duplicates added to the log: 30 % of the resulting log. */
  static final int DUPLICATES = 39_156;

  static final int EVENTS_WITH_DUPLICATES = EVENTS + DUPLICATES;

  @Param({"1", "10", "100"})
  public int tasksPerRun;

  @Param({"CHAIN", "FAN_OUT"})
  public RunShape shape;

  private EventEnvelope[] log;
  private EventEnvelope[] logWithDuplicates;

  @Setup(Level.Trial)
  public void setup() {
    int perRun = RunLogs.eventsPerRun(tasksPerRun);
    if (EVENTS % perRun != 0) {
      throw new IllegalArgumentException(
          "tasksPerRun must be 1, 10 or 100 (so that the log holds exactly " + EVENTS + " events)");
    }
    int runs = EVENTS / perRun;
    List<Event> facts = RunLogs.facts(runs, shape, tasksPerRun);
    List<EventEnvelope> plain = RunLogs.envelopes(facts);
    List<EventEnvelope> withDuplicates =
        RunLogs.envelopes(facts, RunLogs.choose(facts.size(), DUPLICATES, 42), 43);
    RunLogs.foldAndCheck(plain, EVENTS, runs);
    RunLogs.foldAndCheck(withDuplicates, EVENTS, runs);
    if (plain.size() != EVENTS || withDuplicates.size() != EVENTS_WITH_DUPLICATES) {
      throw new IllegalStateException("unexpected log sizes " + plain.size() + ", " + withDuplicates.size());
    }
    log = plain.toArray(EventEnvelope[]::new);
    logWithDuplicates = withDuplicates.toArray(EventEnvelope[]::new);
  }

  /** Folds the whole log into a fresh state; one op is one event. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public FoldState foldLog() {
    return fold(log);
  }

  /** Folds the log with 30 % redelivered events; one op is one event, applied or refused. */
  @Benchmark
  @OperationsPerInvocation(EVENTS_WITH_DUPLICATES)
  public FoldState foldLogWithDuplicates() {
    return fold(logWithDuplicates);
  }

  private static FoldState fold(EventEnvelope[] events) {
    FoldState state = new FoldState();
    for (EventEnvelope e : events) {
      Fold.apply(state, e);
    }
    return state;
  }
}
