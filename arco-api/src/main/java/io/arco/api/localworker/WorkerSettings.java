package io.arco.api.localworker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How a worker runs: its id, the queues it polls, how many tasks it runs at once, how long a
 * shutdown waits for running tasks before giving them back, the directory and extra environment of
 * its commands, and where it reports what it does (one line per event; the local worker of {@code
 * arco serve} discards them, its transition log says the same).
 *
 * @param queues queue names; {@code sensors} also leases poll-sensor evaluations (decisions §6.7)
 * @param concurrency tasks at once, 1..100 (a poll leases at most 100)
 * @param grace how long {@link LocalWorker#shutdown} lets running tasks finish
 * @param environment added to each command's environment (after the worker's own)
 * @param pollWait how long a poll waits at the server for work (long polling, at most 30 s); a
 *     shutdown waits for a poll in flight, so this also bounds how long stopping takes to begin
 */
public record WorkerSettings(
    String workerId,
    List<String> queues,
    int concurrency,
    Duration grace,
    Path workDir,
    Map<String, String> environment,
    Duration pollWait,
    Consumer<String> events) {
  /** The queues of the local worker: run tasks of {@code default-queue} and poll sensors. */
  public static final List<String> DEFAULT_QUEUES = List.of("default-queue", "sensors");

  /** The long-poll wait of a worker's polls. */
  public static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(5);

  /** The same settings with another poll wait. */
  public WorkerSettings withPollWait(Duration wait) {
    return new WorkerSettings(workerId, queues, concurrency, grace, workDir, environment, wait, events);
  }

  public WorkerSettings {
    queues = List.copyOf(queues);
    environment = Map.copyOf(environment);
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("a worker polls at least one queue");
    }
    if (concurrency < 1 || concurrency > 100) {
      throw new IllegalArgumentException("concurrency must be between 1 and 100");
    }
    if (pollWait.isNegative() || pollWait.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException("the poll wait must be between 0 and 30 seconds");
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the grace period cannot be negative");
    }
  }

  /**
   * The embedded worker of {@code arco serve}: both default queues, no grace period (the server
   * stops right after it), no extra environment, no event lines.
   */
  public static WorkerSettings local(Path workDir, int concurrency) {
    return new WorkerSettings(
        "local-" + ProcessHandle.current().pid(),
        DEFAULT_QUEUES,
        concurrency,
        Duration.ZERO,
        workDir,
        Map.of(),
        DEFAULT_POLL_WAIT,
        line -> {});
  }
}
