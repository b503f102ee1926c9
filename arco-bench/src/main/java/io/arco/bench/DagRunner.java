package io.arco.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives one run of a DAG with worker threads and times it from the trigger to the run seen
 * SUCCEEDED: the workers start first and wait in their polls, the clock starts, the run is
 * triggered, the workers poll and report until every task is completed, and the clock stops when
 * a read of the run answers SUCCEEDED with every task succeeded. The same loop serves the HTTP
 * black box and the in-process engine; {@link Target} is what differs.
 */
final class DagRunner {
  private DagRunner() {}

  /** One system under test: how a run is triggered, how a worker polls and reports, how a run reads. */
  interface Target {
    /** Triggers one run of the whole DAG; answers its run id. */
    String trigger();

    /**
     * One poll of worker {@code worker} (0-based) and the callbacks of every task it leased;
     * answers how many tasks it reported completed (0 when the poll came back empty).
     */
    int pollAndReport(int worker);

    /** The run's public state and its number of succeeded tasks. */
    RunStatus status(String runId);
  }

  /** A read of a run: its public state name and how many of its tasks succeeded. */
  record RunStatus(String state, int succeeded) {
    boolean terminal() {
      return switch (state) {
        case "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT" -> true;
        default -> false;
      };
    }
  }

  /**
   * One timed run: {@code nanos} from the trigger to SUCCEEDED, of which {@code triggerNanos} until
   * the trigger was answered (zero where the system has no separate trigger answer), and the share
   * of the whole machine's CPU time that was busy meanwhile (every process: the client, the server,
   * their JIT compilers and collectors), empty where the machine does not tell. Near 100 % the run
   * is bound by the machine's CPUs; well below it, by waiting (disk syncs, round trips).
   */
  record Measurement(String runId, int tasks, long nanos, long triggerNanos, OptionalDouble machineBusy) {
    double tasksPerSecond() {
      return tasks / (nanos / 1e9);
    }

    double seconds() {
      return nanos / 1e9;
    }
  }

  /**
   * Runs the DAG once with {@code workers} threads. Fails when a worker fails, when the run ends
   * in another state than SUCCEEDED or with fewer succeeded tasks than {@code tasks}, or after
   * {@code timeout}.
   */
  static Measurement run(Target target, int tasks, int workers, Duration timeout) throws InterruptedException {
    AtomicInteger completed = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch allCompleted = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      int worker = w;
      threads.add(
          Thread.ofPlatform()
              .name("bench-worker-" + w)
              .start(
                  () -> {
                    try {
                      while (!stop.get()) {
                        int n = target.pollAndReport(worker);
                        if (n > 0 && completed.addAndGet(n) >= tasks) {
                          allCompleted.countDown();
                        }
                      }
                    } catch (Throwable t) {
                      failure.compareAndSet(null, t);
                      allCompleted.countDown();
                    }
                  }));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Optional<Machine.CpuTicks> cpu0 = Machine.cpuTicks();
      long t0 = System.nanoTime();
      String runId = target.trigger();
      long triggered = System.nanoTime() - t0;
      while (!allCompleted.await(100, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "run " + runId + " not done after " + timeout + ": " + completed.get() + " of " + tasks + " tasks completed");
        }
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a worker failed: " + failure.get(), failure.get());
      }
      RunStatus s = target.status(runId);
      while (!s.terminal()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("run " + runId + " still " + s.state() + " after " + timeout);
        }
        Thread.sleep(1);
        s = target.status(runId);
      }
      long t1 = System.nanoTime();
      OptionalDouble busy = busy(cpu0);
      if (!s.state().equals("SUCCEEDED") || s.succeeded() != tasks) {
        throw new IllegalStateException(
            "run " + runId + " ended " + s.state() + " with " + s.succeeded() + " of " + tasks + " tasks succeeded");
      }
      return new Measurement(runId, tasks, t1 - t0, triggered, busy);
    } finally {
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  /** The machine's busy share since {@code before} (see {@link Measurement#machineBusy()}). */
  static OptionalDouble busy(Optional<Machine.CpuTicks> before) {
    Optional<Machine.CpuTicks> now = Machine.cpuTicks();
    return before.isPresent() && now.isPresent()
        ? OptionalDouble.of(now.get().busySince(before.get()))
        : OptionalDouble.empty();
  }
}
