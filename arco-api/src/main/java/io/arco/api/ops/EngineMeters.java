package io.arco.api.ops;

import io.arco.flow.engine.EngineObserver;
import io.arco.flow.engine.Transition;
import io.arco.flow.engine.WorkspaceStats;
import io.arco.flow.model.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The engine's meters. Told by the engine ({@link EngineObserver}): writer commit latency and
 * batch sizes, snapshot durations and sizes, all workspaces together. Counted from the transition
 * log: run and task transitions by new state, per workspace. Read from {@link WorkspaceStats} at
 * each scrape: runs by state, open runs, events, and the writer's queued and parked commands, per
 * workspace. Per-workspace series carry {@code tenant} and {@code workspace} labels, which the
 * scrape filters (decisions §7.4).
 */
final class EngineMeters implements EngineObserver {
  static final String TENANT = "tenant";
  static final String WORKSPACE = "workspace";

  private static final Duration[] COMMIT_BUCKETS = {
    Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
    Duration.ofSeconds(5)
  };
  private static final Duration[] SNAPSHOT_BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)
  };
  /** Up to the writer's largest batch, 256 commands. */
  private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};
  private static final double[] EVENT_BUCKETS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500};

  private record StateKey(Scope scope, boolean task, String state) {}

  private final MeterRegistry registry;
  private final Timer commit;
  private final DistributionSummary batchCommands;
  private final DistributionSummary batchEvents;
  private final Timer snapshotSaved;
  private final Timer snapshotFailed;
  private final DistributionSummary snapshotSize;
  private final Map<StateKey, Counter> transitions = new ConcurrentHashMap<>();
  /** Writer lease changes of this node, by change (several serving nodes, decisions §7.11). */
  private final Map<String, Counter> leaseChanges = new ConcurrentHashMap<>();
  /** The workspaces whose writer lease this node holds. */
  private final Set<Scope> leasesHeld = ConcurrentHashMap.newKeySet();
  /** The latest stats of each workspace, which the per-workspace gauges read. */
  private final Map<Scope, WorkspaceStats> latest = new ConcurrentHashMap<>();
  /** The per-workspace gauges registered so far (scope, and state for {@code arco_runs}). */
  private final Set<StateKey> gauges = ConcurrentHashMap.newKeySet();

  EngineMeters(MeterRegistry registry) {
    this.registry = registry;
    commit =
        Timer.builder("arco.writer.commit")
            .description("How long a writer batch's durable append to the store took.")
            .serviceLevelObjectives(COMMIT_BUCKETS)
            .register(registry);
    batchCommands =
        DistributionSummary.builder("arco.writer.batch.commands")
            .description("Commands committed together in one writer batch (group commit).")
            .serviceLevelObjectives(BATCH_BUCKETS)
            .register(registry);
    batchEvents =
        DistributionSummary.builder("arco.writer.batch.events")
            .description("Events appended by one writer batch.")
            .serviceLevelObjectives(EVENT_BUCKETS)
            .register(registry);
    snapshotSaved = snapshotTimer("saved");
    snapshotFailed = snapshotTimer("failed");
    snapshotSize =
        DistributionSummary.builder("arco.snapshot.size")
            .description("Size of each snapshot encoded.")
            .baseUnit("bytes")
            .register(registry);
    Gauge.builder("arco.cluster.leases.held", leasesHeld, Set::size)
        .description("Workspaces whose writer lease this node holds (several serving nodes).")
        .register(registry);
  }

  private Timer snapshotTimer(String outcome) {
    return Timer.builder("arco.snapshot")
        .description("How long encoding and saving a workspace snapshot took, by outcome.")
        .tag("outcome", outcome)
        .serviceLevelObjectives(SNAPSHOT_BUCKETS)
        .register(registry);
  }

  @Override
  public void committed(Scope scope, int commands, int events, long appendNanos) {
    commit.record(appendNanos, TimeUnit.NANOSECONDS);
    batchCommands.record(commands);
    batchEvents.record(events);
  }

  @Override
  public void snapshotted(Scope scope, boolean saved, long nanos, long bytes) {
    (saved ? snapshotSaved : snapshotFailed).record(nanos, TimeUnit.NANOSECONDS);
    if (bytes > 0) {
      snapshotSize.record(bytes);
    }
  }

  /**
   * Counts a change of this node's writer lease of a workspace ({@code acquired}, {@code lost},
   * {@code released}) without naming the workspace (decisions §7.4), and keeps the held count.
   */
  @Override
  public void leaseChanged(Scope scope, String change, long epoch) {
    leaseChanges
        .computeIfAbsent(
            change,
            c ->
                Counter.builder("arco.cluster.lease.changes")
                    .description("Changes of this node's writer leases, by change (acquired, lost, released).")
                    .tag("change", c)
                    .register(registry))
        .increment();
    if (change.equals("acquired")) {
      leasesHeld.add(scope);
    } else {
      leasesHeld.remove(scope);
    }
  }

  /** Counts one run or task transition by the state it entered. */
  void transition(Transition t) {
    transitions
        .computeIfAbsent(new StateKey(t.scope(), t.taskKey().isPresent(), t.to()), this::transitionCounter)
        .increment();
  }

  private Counter transitionCounter(StateKey k) {
    return Counter.builder(k.task() ? "arco.task.transitions" : "arco.run.transitions")
        .description(
            k.task()
                ? "Task transitions, by the state the task entered."
                : "Run transitions, by the public state the run entered.")
        .tags(scopeTags(k.scope()))
        .tag("state", k.state())
        .register(registry);
  }

  /** Takes the workspaces' latest figures, registering the gauges of any new workspace or state. */
  void refresh(List<WorkspaceStats> stats) {
    for (WorkspaceStats s : stats) {
      Scope scope = s.scope();
      latest.put(scope, s);
      if (gauges.add(new StateKey(scope, false, ""))) {
        gauge("arco.open.runs", "Runs not yet terminal.", scope, w -> w.openRuns());
        gauge("arco.writer.queue.depth", "Commands queued for the workspace's writer.", scope, w -> w.queuedCommands());
        gauge(
            "arco.writer.parked",
            "Waiting commands (worker long polls) parked at the workspace's writer.",
            scope,
            w -> w.parkedCommands());
        FunctionCounter.builder("arco.events", this, m -> m.value(scope, w -> w.events()))
            .description("Events in the log of each workspace.")
            .tags(scopeTags(scope))
            .register(registry);
      }
      for (String state : s.runsByState().keySet()) {
        if (gauges.add(new StateKey(scope, false, state))) {
          Gauge.builder("arco.runs", this, m -> m.value(scope, w -> w.runsByState().getOrDefault(state, 0L)))
              .description("Runs in the loaded workspaces, by public state.")
              .tags(scopeTags(scope))
              .tag("state", state)
              .strongReference(true)
              .register(registry);
        }
      }
    }
  }

  private void gauge(String name, String help, Scope scope, ToDoubleFunction<WorkspaceStats> f) {
    Gauge.builder(name, this, m -> m.value(scope, f))
        .description(help)
        .tags(scopeTags(scope))
        .strongReference(true)
        .register(registry);
  }

  private double value(Scope scope, ToDoubleFunction<WorkspaceStats> f) {
    return Optional.ofNullable(latest.get(scope)).map(f::applyAsDouble).orElse(0.0);
  }

  private static Tags scopeTags(Scope scope) {
    return Tags.of(TENANT, scope.tenant(), WORKSPACE, scope.workspace());
  }
}
