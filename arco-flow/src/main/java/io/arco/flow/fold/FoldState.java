package io.arco.flow.fold;

import io.arco.flow.model.WorkspaceSettings;
import io.arco.flow.plan.DynamicMembers;
import io.arco.flow.model.Utf8Order;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All projections of one workspace. For speed it holds mutable sorted maps of immutable rows; only
 * {@link Fold} writes them (callers hold the engine's write lock), and readers get unmodifiable,
 * key-ordered views. The dependency indexes are derived from the edge rows and are not part of the
 * snapshot.
 */
public final class FoldState {
  final TreeMap<String, RunRow> runs = new TreeMap<>();
  final TreeMap<String, RunTasks> tasks = new TreeMap<>();
  /** runId → its edges by upstream, then downstream task key. */
  final TreeMap<String, RunEdges> edges = new TreeMap<>();
  final TreeMap<String, TimerRow> timers = new TreeMap<>();
  final TreeMap<String, OutboxRow> outbox = new TreeMap<>();
  final TreeMap<String, RunKeyRow> runKeys = new TreeMap<>();
  /**
   * Every live idempotency key (flow-model §0.4.1). The fold inserts one per event, so it is a hash
   * map; {@link #snapshot()} writes it in key order, as it writes every other map.
   */
  final java.util.HashMap<String, IdempotencyRecord> idempotencyKeys = new java.util.HashMap<>();
  /** "asset NUL partition" → row; one asset's rows are one contiguous, sorted range. */
  final TreeMap<String, PartitionStatusRow> partitionStatus = new TreeMap<>();
  /** asset key → latest materialization of the unpartitioned asset. */
  final TreeMap<String, AssetMaterializationRow> assetMaterializations = new TreeMap<>();
  final TreeMap<String, ScheduleDefinitionRow> scheduleDefinitions = new TreeMap<>();
  final TreeMap<String, ScheduleStateRow> scheduleStates = new TreeMap<>();
  final TreeMap<String, ScheduleTickRow> scheduleTicks = new TreeMap<>();
  final TreeMap<String, RunKeyConflictRow> runKeyConflicts = new TreeMap<>();
  final TreeMap<String, SensorDefinitionRow> sensorDefinitions = new TreeMap<>();
  final TreeMap<String, SensorStateRow> sensorStates = new TreeMap<>();
  final TreeMap<String, SensorEvalRow> sensorEvals = new TreeMap<>();
  /** sensor id → ids of its evaluations (derived). */
  final java.util.HashMap<String, TreeSet<String>> evalIdsBySensor = new java.util.HashMap<>();
  /** "sensor NUL state version NUL poll epoch" → the poll evaluation of that lease (derived). */
  final java.util.HashMap<String, String> pollEvalByLease = new java.util.HashMap<>();
  final TreeMap<String, BackfillRow> backfills = new TreeMap<>();
  final TreeMap<String, BackfillChunkRow> backfillChunks = new TreeMap<>();
  /** run id → the backfill chunk it runs (derived). */
  final java.util.HashMap<String, String> chunkByRun = new java.util.HashMap<>();
  /** run key → automation request whose run does not exist yet. */
  final TreeMap<String, PendingRunRow> pendingRuns = new TreeMap<>();
  /** Dynamic partition set name → its members in UTF-8 order (only non-empty sets). */
  final TreeMap<String, TreeSet<String>> dynamicPartitionSets = new TreeMap<>();
  /** The run-queue settings (decisions §2.7, §6.6); replaced whole by each change. */
  WorkspaceSettings workspaceSettings = WorkspaceSettings.DEFAULT;

  /**
   * The workspace's secret for automation run ids (flow-model §0.4.3): configuration of the fold,
   * not state, so it is not part of the snapshot; the engine loads it from the store.
   */
  final byte[] runIdSecret;

  /** Runs that are not terminal yet (derived). */
  final TreeSet<String> openRuns = new TreeSet<>();

  /**
   * Open runs at least one of whose tasks has been claimed by a worker, i.e. has attempt ≥ 1
   * (derived): the runs "in progress" that the run queue counts against concurrency limits
   * (decisions §2.7). A task's attempt never goes down and a run never reopens, so a run joins when
   * its first task is leased and leaves when it ends.
   */
  final TreeSet<String> runsInProgress = new TreeSet<>();

  /**
   * runId → keys of its tasks that controllers and leases act on: READY, DISPATCHED, RUNNING and
   * RETRY_WAIT (derived). Keeps the per-batch controller pass proportional to live work, not to
   * every task ever planned.
   */
  final TreeMap<String, TreeSet<String>> liveTasks = new TreeMap<>();

  /** runId → timer ids of that run (derived), so a run's timers leave with it. */
  final java.util.HashMap<String, TreeSet<String>> timersByRun = new java.util.HashMap<>();

  /** Owner (run:ID, tick:ID, eval:ID) → idempotency keys it owns (derived from the records). */
  final java.util.HashMap<String, List<String>> keysByOwner = new java.util.HashMap<>();

  /**
   * Runs that ended: how many of each terminal state left memory for history. Part of the state
   * (and the snapshot), so counts over every run never scan history.
   */
  final TreeMap<io.arco.flow.model.PublicRunState, Long> finishedCounts = new TreeMap<>();

  /**
   * Where rows that left memory are found: the store's history tables, as of a log position. Not
   * part of the state; the engine attaches it (tests may leave {@link History#NONE}).
   */
  History history = History.NONE;

  /** Rows that left memory since the last {@link #drainEvicted()}: the batch's history writes. */
  final Evicted evicted = new Evicted();

  /** Task rows written since the last {@link #drainTaskChanges()}, once tracking is on. */
  private final TaskChanges taskChanges = new TaskChanges();

  /**
   * Sequence number of the event being (or last) folded. The fold's history lookups see only rows
   * that left memory before it, so a replay of a log prefix answers what the live fold answered.
   */
  long position;

  /** A state whose automation run ids use an empty secret (tests). */
  public FoldState() {
    this(new byte[0]);
  }

  public FoldState(byte[] runIdSecret) {
    this.runIdSecret = runIdSecret.clone();
  }

  /**
   * The key of a partition status row: asset key, NUL, partition key. NUL sorts below every other
   * character, so key order is (asset key, partition key) order and one asset's rows lie between
   * {@code asset NUL} (inclusive) and {@code asset SOH} (character 1, exclusive).
   */
  public static String partitionKey(String assetKey, String partitionKey) {
    return assetKey + '\0' + partitionKey;
  }

  // ---- read access -------------------------------------------------------------------------

  /** The runs in memory: every run that has not ended (finished runs live in history). */
  public NavigableMap<String, RunRow> runs() {
    return Collections.unmodifiableNavigableMap(runs);
  }

  /** A run in memory (not ended), without looking at history. */
  public Optional<RunRow> liveRun(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  /** A run, live or finished (memory first, then the batch's evicted rows, then history). */
  public Optional<RunRow> run(String runId) {
    RunRow live = runs.get(runId);
    if (live != null) {
      return Optional.of(live);
    }
    return finishedRun(runId).map(FinishedRun::run);
  }

  /**
   * A run that left memory: from this batch's evicted rows or from history. Empty for a live or
   * unknown run.
   */
  public Optional<FinishedRun> finishedRun(String runId) {
    if (runs.containsKey(runId) || tasks.containsKey(runId)) {
      return Optional.empty();
    }
    FinishedRun pending = evicted.runs.get(runId);
    return pending != null ? Optional.of(pending) : history.run(runId);
  }

  /**
   * A run that left memory before the event being folded ({@link #position}): this batch's evicted
   * rows, then history. The fold's view of a finished run, so a replay answers as live did.
   */
  Optional<FinishedRun> finishedRunAsOf(String runId) {
    FinishedRun pending = evicted.runs.get(runId);
    if (pending != null) {
      return Optional.of(pending);
    }
    return history.run(runId).filter(r -> r.endedAt() < position);
  }

  /** How many runs exist, live and finished. */
  public long runCount() {
    return runs.size() + finishedCounts.values().stream().mapToLong(Long::longValue).sum();
  }

  private java.util.Map<String, Long> finishedCountsByName() {
    java.util.Map<String, Long> out = new TreeMap<>();
    finishedCounts.forEach((st, n) -> out.put(st.name(), n));
    return out;
  }

  /** How many runs that left memory show each state on the API. */
  public java.util.SortedMap<io.arco.flow.model.PublicRunState, Long> finishedRunCounts() {
    return Collections.unmodifiableSortedMap(finishedCounts);
  }

  /** Tasks of a run in task-key order; empty when the run has no plan. */
  public NavigableMap<String, TaskRow> tasksOf(String runId) {
    RunTasks t = tasks.get(runId);
    if (t != null) {
      return t.view();
    }
    return finishedRun(runId)
        .map(FinishedRun::taskMap)
        .orElse(Collections.emptyNavigableMap());
  }

  /**
   * The tasks of a run that require visible output (live or finished), in no particular order: the
   * only task rows a run's public state depends on.
   */
  public java.util.Collection<TaskRow> tasksRequiringVisibleOutput(String runId) {
    RunTasks t = tasks.get(runId);
    if (t != null) {
      return t.requiringVisibleOutput();
    }
    return tasksOf(runId).values().stream().filter(TaskRow::requiresVisibleOutput).toList();
  }

  public Optional<TaskRow> task(String runId, String taskKey) {
    RunTasks t = tasks.get(runId);
    if (t != null) {
      return Optional.ofNullable(t.get(taskKey));
    }
    return Optional.ofNullable(tasksOf(runId).get(taskKey));
  }

  /** Ids of runs that are not terminal (including plans whose run row is missing), in order. */
  public SortedSet<String> openRuns() {
    return Collections.unmodifiableSortedSet(openRuns);
  }

  /**
   * Ids of the runs in progress (not terminal, with a task claimed at least once), in order; a
   * view.
   */
  public SortedSet<String> runsInProgress() {
    return Collections.unmodifiableSortedSet(runsInProgress);
  }

  /** Live tasks (READY, DISPATCHED, RUNNING, RETRY_WAIT) in (run id, task key) order. */
  public List<TaskRow> liveTasks() {
    List<TaskRow> out = new ArrayList<>();
    liveTasks.forEach(
        (runId, keys) -> {
          RunTasks rows = tasks.get(runId);
          keys.forEach(k -> out.add(rows.get(k)));
        });
    return out;
  }

  /**
   * Writes a task row, keeping the live-task index and the in-flight sets of partition status in
   * step. Only the fold calls it.
   */
  void putTask(TaskRow row) {
    putTask(tasks.computeIfAbsent(row.runId(), k -> new RunTasks()), row);
  }

  /** {@link #putTask(TaskRow)} into the rows of the task's run, which the caller already holds. */
  void putTask(RunTasks runTasks, TaskRow row) {
    TaskRow old = runTasks.put(row);
    taskChanges.written(old, row);
    if (old == null || old.state() != row.state()) {
      indexLive(row);
    }
    if (row.attempt() > 0 && openRuns.contains(row.runId())) {
      runsInProgress.add(row.runId());
    }
    PartitionInFlight.track(this, old, row);
  }

  /** The task rows of a new plan: every row created at once, indexed and remembered as written. */
  void putPlannedTasks(String runId, RunTasks runTasks) {
    tasks.put(runId, runTasks);
    for (TaskRow row : runTasks.values()) {
      indexLive(row);
      taskChanges.written(null, row);
    }
  }

  void indexLive(TaskRow row) {
    if (isLive(row.state())) {
      liveTasks.computeIfAbsent(row.runId(), k -> new TreeSet<>()).add(row.taskKey());
    } else {
      TreeSet<String> keys = liveTasks.get(row.runId());
      if (keys != null && keys.remove(row.taskKey()) && keys.isEmpty()) {
        liveTasks.remove(row.runId());
      }
    }
  }

  /** Marks a run open, and in progress when one of its tasks was already claimed. */
  void openRun(String runId) {
    openRuns.add(runId);
    RunTasks rows = tasks.get(runId);
    if (rows != null && rows.values().stream().anyMatch(t -> t.attempt() > 0)) {
      runsInProgress.add(runId);
    }
  }

  /** Marks a run ended: neither open nor in progress; it leaves memory after the fold step. */
  void closeRun(String runId) {
    openRuns.remove(runId);
    runsInProgress.remove(runId);
    endedInStep.add(EventOwners.RUN + runId);
  }

  /** Marks a tick settled: it leaves memory after the fold step. */
  void settleTick(String tickId) {
    endedInStep.add(EventOwners.TICK + tickId);
  }

  /** Marks an evaluation replaced by a newer one of its sensor: it leaves after the fold step. */
  void settleEval(String evalId) {
    endedInStep.add(EventOwners.EVAL + evalId);
  }

  /** Whether an owner (run:ID, tick:ID, eval:ID) has rows in memory. */
  boolean holdsOwner(String owner) {
    if (owner.startsWith(EventOwners.RUN)) {
      return holdsRun(owner.substring(EventOwners.RUN.length()));
    }
    if (owner.startsWith(EventOwners.TICK)) {
      return scheduleTicks.containsKey(owner.substring(EventOwners.TICK.length()));
    }
    if (owner.startsWith(EventOwners.EVAL)) {
      return sensorEvals.containsKey(owner.substring(EventOwners.EVAL.length()));
    }
    throw new IllegalArgumentException("unknown owner " + owner);
  }

  /** Moves an owner that ended in this step out of memory. */
  void evictOwner(String owner) {
    if (owner.startsWith(EventOwners.RUN)) {
      evict(owner.substring(EventOwners.RUN.length()));
    } else if (owner.startsWith(EventOwners.TICK)) {
      evictTick(owner.substring(EventOwners.TICK.length()));
    } else if (owner.startsWith(EventOwners.EVAL)) {
      evictEval(owner.substring(EventOwners.EVAL.length()));
    }
  }

  /** Moves the idempotency records an owner owns to the batch's evicted records. */
  private void evictKeys(String owner) {
    List<String> keys = keysByOwner.remove(owner);
    if (keys != null) {
      for (String k : keys) {
        IdempotencyRecord rec = idempotencyKeys.remove(k);
        if (rec != null) {
          evicted.keys.put(k, rec);
        }
      }
    }
  }

  private void evictTick(String tickId) {
    ScheduleTickRow t = scheduleTicks.remove(tickId);
    if (t == null) {
      return;
    }
    evictKeys(EventOwners.TICK + tickId);
    evicted.add(new FinishedTick(position, t, FinishedTick.statusOf(t)));
  }

  private void evictEval(String evalId) {
    SensorEvalRow e = sensorEvals.remove(evalId);
    if (e == null) {
      return;
    }
    TreeSet<String> ids = evalIdsBySensor.get(e.sensorId());
    if (ids != null && ids.remove(evalId) && ids.isEmpty()) {
      evalIdsBySensor.remove(e.sensorId());
    }
    FinishedEval finished = new FinishedEval(position, e);
    finished
        .leaseKey()
        .ifPresent(
            lease -> {
              pollEvalByLease.remove(lease, evalId);
              // The lease's own record goes with the evaluation that answered it.
              String leaseKey = "sensor_lease:" + lease.replace('\0', ':');
              IdempotencyRecord rec = idempotencyKeys.remove(leaseKey);
              if (rec != null) {
                evicted.keys.put(leaseKey, rec);
              }
            });
    evictKeys(EventOwners.EVAL + evalId);
    evicted.add(finished);
  }

  /** Whether the run has rows in memory (a run row, a plan, or a pending request for it). */
  boolean holdsRun(String runId) {
    return runs.containsKey(runId)
        || tasks.containsKey(runId)
        // A requested run not yet triggered: its request's key stays in memory with it, so a
        // redelivered request is dropped by the gate while the run is pending and once it is live.
        || pendingRuns.values().stream().anyMatch(p -> p.runId().equals(runId));
  }

  /** True while the engine replays its own log (no key can repeat there). */
  boolean replaying;

  /** Marks a replay of the store's log (true) or live folding (false). */
  public void replaying(boolean on) {
    this.replaying = on;
  }

  /**
   * Records an applied event's key: with its run while the run is in memory, in this batch's
   * evicted records when the run already left, in memory for good when it has no run.
   */
  void recordKey(IdempotencyRecord record) {
    String key = record.idempotencyKey();
    if (record.owner().isEmpty()) {
      idempotencyKeys.put(key, record);
    } else if (holdsOwner(record.owner().get())) {
      idempotencyKeys.put(key, record);
      keysByOwner.computeIfAbsent(record.owner().get(), k -> new ArrayList<>()).add(key);
    } else {
      evicted.keys.put(key, record);
    }
  }

  /** Indexes a timer row by its run and stores it. */
  void putTimer(TimerRow row) {
    timers.put(row.timerId(), row);
    row.runId().ifPresent(r -> timersByRun.computeIfAbsent(r, k -> new TreeSet<>()).add(row.timerId()));
  }

  /**
   * Moves an ended run out of memory (decisions §3): its row, tasks, edges, timers, outbox rows,
   * run_key entry and idempotency records go to the batch's evicted rows; the derived indexes
   * forget it; the per-state count of finished runs grows. A run that is not terminal stays.
   */
  void evict(String runId) {
    RunRow run = runs.get(runId);
    if (run == null || !run.state().isTerminal()) {
      return;
    }
    runs.remove(runId);
    RunTasks runTasks = tasks.remove(runId);
    RunEdges runEdges = edges.remove(runId);
    liveTasks.remove(runId);
    openRuns.remove(runId);
    runsInProgress.remove(runId);
    List<TimerRow> runTimers = new ArrayList<>();
    TreeSet<String> timerIds = timersByRun.remove(runId);
    if (timerIds != null) {
      for (String id : timerIds) {
        TimerRow t = timers.remove(id);
        if (t != null) {
          runTimers.add(t);
        }
      }
    }
    outbox.values().removeIf(o -> o.runId().equals(runId));
    Optional<RunKeyRow> key =
        run.runKey().map(runKeys::get).filter(k -> k.runId().equals(runId));
    key.ifPresent(k -> runKeys.remove(k.runKey()));
    evictKeys(EventOwners.RUN + runId);
    List<TaskRow> taskRows = runTasks == null ? List.of() : List.copyOf(runTasks.values());
    io.arco.flow.model.PublicRunState shown = PublicStates.of(run, taskRows, false);
    finishedCounts.merge(shown, 1L, Long::sum);
    evicted.add(
        new FinishedRun(
            position,
            run,
            shown,
            taskRows,
            runEdges == null ? List.of() : runEdges.rows(),
            runTimers,
            key));
  }

  /** Runs whose task rows have satisfied dependencies they do not count yet (see RunTasks). */
  private final java.util.Set<RunTasks> unsettled =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  void unsettled(RunTasks runTasks) {
    unsettled.add(runTasks);
  }

  /**
   * Writes every satisfied dependency the fold has only counted into its task row. Reading a row
   * does this for that row; a state that several threads read (the engine's) is settled before
   * they can see it, so readers never write.
   */
  public void settle() {
    if (unsettled.isEmpty()) {
      return;
    }
    for (RunTasks t : unsettled) {
      t.settleAll();
    }
    unsettled.clear();
  }

  /** Whether every satisfied dependency is written into its task row (see {@link #settle()}). */
  public boolean settled() {
    return unsettled.stream().noneMatch(RunTasks::hasUnsettled);
  }

  /** Runs closed by the event being folded; evicted once its handler is done. */
  final TreeSet<String> endedInStep = new TreeSet<>();

  static boolean isLive(io.arco.flow.model.TaskState s) {
    return switch (s) {
      case READY, DISPATCHED, RUNNING, RETRY_WAIT -> true;
      case PLANNED, BLOCKED, SKIPPED, CANCELLED, FAILED, SUCCEEDED -> false;
    };
  }

  /** Every run id that has task rows, in order. */
  public SortedSet<String> runsWithTasks() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(tasks.keySet()));
  }

  /** Edges of a run ordered by (upstream, downstream). */
  public List<EdgeRow> edgesOf(String runId) {
    RunEdges e = edges.get(runId);
    if (e != null) {
      return List.copyOf(e.rows());
    }
    return finishedRun(runId).map(FinishedRun::edges).orElse(List.of());
  }

  public Optional<EdgeRow> edge(String runId, String upstream, String downstream) {
    RunEdges e = edges.get(runId);
    if (e != null) {
      return e.get(upstream, downstream);
    }
    return edgesOf(runId).stream()
        .filter(r -> r.upstreamTaskKey().equals(upstream) && r.downstreamTaskKey().equals(downstream))
        .findFirst();
  }

  /** Direct downstream task keys of a task, sorted. */
  public SortedSet<String> dependentsOf(String runId, String taskKey) {
    RunEdges e = edges.get(runId);
    if (e == null) {
      return Collections.emptySortedSet();
    }
    return e.downstreamOf(taskKey);
  }

  public NavigableMap<String, TimerRow> timers() {
    return Collections.unmodifiableNavigableMap(timers);
  }

  public NavigableMap<String, OutboxRow> outbox() {
    return Collections.unmodifiableNavigableMap(outbox);
  }

  public NavigableMap<String, RunKeyRow> runKeys() {
    return Collections.unmodifiableNavigableMap(runKeys);
  }

  /** The run_key index entry of a key, whether its run is live or finished. */
  public Optional<RunKeyRow> runKey(String runKey) {
    RunKeyRow live = runKeys.get(runKey);
    if (live != null) {
      return Optional.of(live);
    }
    RunKeyRow pending = evicted.runKeys.get(runKey);
    return pending != null ? Optional.of(pending) : history.runKey(runKey, Long.MAX_VALUE);
  }

  /**
   * The run_key index entry as the fold sees it at {@link #position}: memory, this batch's evicted
   * rows, then history rows that left memory before the event being folded.
   */
  Optional<RunKeyRow> runKeyAsOf(String runKey) {
    RunKeyRow live = runKeys.get(runKey);
    if (live != null) {
      return Optional.of(live);
    }
    RunKeyRow pending = evicted.runKeys.get(runKey);
    return pending != null ? Optional.of(pending) : history.runKey(runKey, position);
  }

  public boolean hasIdempotencyKey(String key) {
    return idempotencyRecord(key).isPresent();
  }

  /** The first applied event of a key: memory, this batch's evicted records, then the log. */
  public Optional<IdempotencyRecord> idempotencyRecord(String key) {
    IdempotencyRecord live = idempotencyKeys.get(key);
    if (live != null) {
      return Optional.of(live);
    }
    IdempotencyRecord pending = evicted.keys.get(key);
    return pending != null ? Optional.of(pending) : history.idempotencyRecord(key, Long.MAX_VALUE);
  }

  /** Whether a key was applied before {@link #position}, wherever its record lives now. */
  boolean keySeenAsOf(String key) {
    return idempotencyKeys.containsKey(key)
        || evicted.keys.containsKey(key)
        || history.idempotencyRecord(key, position).isPresent();
  }

  /** Attaches where evicted rows are found (the store's history), replacing the previous one. */
  public void attachHistory(History h) {
    this.history = java.util.Objects.requireNonNull(h, "history");
  }

  /** Sets the sequence number of the next event to fold (its position in the log). */
  public void position(long sequence) {
    this.position = sequence;
  }

  /**
   * The rows that left memory since the last call, in the order they left, and forgets them: the
   * engine writes them to history in the transaction of the batch that evicted them.
   */
  public HistoryRows drainEvicted() {
    HistoryRows out = evicted.rows();
    evicted.clear();
    return out;
  }

  /**
   * From now on, remembers the task rows the fold writes until {@link #drainTaskChanges()} (the
   * engine turns this on when something listens for transitions, after loading).
   */
  public void trackTaskChanges() {
    taskChanges.track();
  }

  /**
   * The tasks whose state or attempt changed since the last call (or since tracking began), by run
   * in the order of each run's first change, by task key within a run; and forgets them.
   */
  public java.util.List<TaskChange> drainTaskChanges() {
    return taskChanges.drain();
  }

  /** The rows that left memory since the last {@link #drainEvicted()}, without forgetting them. */
  public HistoryRows evictedSinceDrain() {
    return evicted.rows();
  }

  public Optional<PartitionStatusRow> partitionStatus(String assetKey, String partitionKey) {
    return Optional.ofNullable(partitionStatus.get(partitionKey(assetKey, partitionKey)));
  }

  /** Partition status rows ordered by (asset key, partition key). */
  public List<PartitionStatusRow> partitionStatusRows() {
    return List.copyOf(partitionStatus.values());
  }

  /**
   * Every partition status row keyed by {@link #partitionKey(String, String)}, in (asset key,
   * partition key) order; a view, for paging without copying.
   */
  public NavigableMap<String, PartitionStatusRow> partitionStatusIndex() {
    return Collections.unmodifiableNavigableMap(partitionStatus);
  }

  /** One asset's partition status rows in partition key order (a range view, no scan). */
  public NavigableMap<String, PartitionStatusRow> partitionStatusOf(String assetKey) {
    return Collections.unmodifiableNavigableMap(
        partitionStatus.subMap(assetKey + '\0', true, assetKey + '\u0001', false));
  }

  /** The latest materialization of an unpartitioned asset. */
  public Optional<AssetMaterializationRow> assetMaterialization(String assetKey) {
    return Optional.ofNullable(assetMaterializations.get(assetKey));
  }

  public NavigableMap<String, AssetMaterializationRow> assetMaterializations() {
    return Collections.unmodifiableNavigableMap(assetMaterializations);
  }

  public java.util.NavigableMap<String, ScheduleDefinitionRow> scheduleDefinitions() {
    return Collections.unmodifiableNavigableMap(scheduleDefinitions);
  }

  public Optional<ScheduleStateRow> scheduleState(String scheduleId) {
    return Optional.ofNullable(scheduleStates.get(scheduleId));
  }

  /** Ticks in memory: those not settled yet (settled ticks live in history). */
  public java.util.NavigableMap<String, ScheduleTickRow> scheduleTicks() {
    return Collections.unmodifiableNavigableMap(scheduleTicks);
  }

  /** A tick, live or settled (memory, this batch's evicted rows, then history). */
  public Optional<ScheduleTickRow> tick(String tickId) {
    ScheduleTickRow live = scheduleTicks.get(tickId);
    if (live != null) {
      return Optional.of(live);
    }
    FinishedTick pending = evicted.ticks.get(tickId);
    return pending != null ? Optional.of(pending.tick()) : history.tick(tickId).map(FinishedTick::tick);
  }

  public java.util.NavigableMap<String, RunKeyConflictRow> runKeyConflicts() {
    return Collections.unmodifiableNavigableMap(runKeyConflicts);
  }

  public java.util.NavigableMap<String, SensorDefinitionRow> sensorDefinitions() {
    return Collections.unmodifiableNavigableMap(sensorDefinitions);
  }

  public java.util.NavigableMap<String, SensorStateRow> sensorStates() {
    return Collections.unmodifiableNavigableMap(sensorStates);
  }

  /** Evaluations in memory: the latest of each sensor (older ones live in history). */
  public java.util.NavigableMap<String, SensorEvalRow> sensorEvals() {
    return Collections.unmodifiableNavigableMap(sensorEvals);
  }

  /** An evaluation, live or in history (memory, this batch's evicted rows, then history). */
  public Optional<SensorEvalRow> sensorEval(String evalId) {
    SensorEvalRow live = sensorEvals.get(evalId);
    if (live != null) {
      return Optional.of(live);
    }
    FinishedEval pending = evicted.evals.get(evalId);
    return pending != null ? Optional.of(pending.eval()) : history.evaluation(evalId).map(FinishedEval::eval);
  }

  /** The evaluations of one sensor, by evaluation id. */
  public List<SensorEvalRow> sensorEvalsOf(String sensorId) {
    return evalIdsBySensor.getOrDefault(sensorId, new TreeSet<>()).stream()
        .map(sensorEvals::get)
        .toList();
  }

  /** The poll evaluation recorded for a lease (sensor, state version, poll epoch), if any. */
  public Optional<SensorEvalRow> pollEvaluation(String sensorId, int stateVersion, long pollEpoch) {
    String lease = leaseKey(sensorId, stateVersion, pollEpoch);
    String live = pollEvalByLease.get(lease);
    if (live != null) {
      return Optional.ofNullable(sensorEvals.get(live));
    }
    String pending = evicted.evalByLease.get(lease);
    if (pending != null) {
      return Optional.of(evicted.evals.get(pending).eval());
    }
    return history.evaluationOfLease(lease).map(FinishedEval::eval);
  }

  static String leaseKey(String sensorId, int stateVersion, long pollEpoch) {
    return sensorId + '\0' + stateVersion + '\0' + pollEpoch;
  }

  /** Records an evaluation row and keeps its derived indexes. */
  void putSensorEval(SensorEvalRow row) {
    sensorEvals.put(row.evalId(), row);
    evalIdsBySensor.computeIfAbsent(row.sensorId(), k -> new TreeSet<>()).add(row.evalId());
    if (row.triggerSource() instanceof io.arco.flow.model.TriggerSource.Poll poll
        && row.expectedStateVersion().isPresent()) {
      pollEvalByLease.putIfAbsent(
          leaseKey(row.sensorId(), row.expectedStateVersion().get(), poll.pollEpoch()), row.evalId());
    }
  }

  public java.util.NavigableMap<String, BackfillRow> backfills() {
    return Collections.unmodifiableNavigableMap(backfills);
  }

  public Optional<BackfillRow> backfill(String backfillId) {
    return Optional.ofNullable(backfills.get(backfillId));
  }

  /** Chunk {@code index} of a backfill. */
  public Optional<BackfillChunkRow> backfillChunk(String backfillId, int index) {
    return Optional.ofNullable(backfillChunks.get(BackfillHandlers.chunkId(backfillId, index)));
  }

  /** The backfill chunk a run runs, if any. */
  public Optional<BackfillChunkRow> chunkOfRun(String runId) {
    return Optional.ofNullable(chunkByRun.get(runId)).map(backfillChunks::get);
  }

  public java.util.NavigableMap<String, PendingRunRow> pendingRuns() {
    return Collections.unmodifiableNavigableMap(pendingRuns);
  }

  /** The run-queue settings of the workspace (the defaults until a change is folded). */
  public WorkspaceSettings workspaceSettings() {
    return workspaceSettings;
  }

  /**
   * The members of a dynamic partition set (decisions §6.6) in UTF-8 order, as a copy; empty for a
   * set that has none or was never named.
   */
  public SortedSet<String> partitionSetMembers(String setName) {
    TreeSet<String> copy = new TreeSet<>(Utf8Order.COMPARATOR);
    TreeSet<String> members = dynamicPartitionSets.get(setName);
    if (members != null) {
      copy.addAll(members);
    }
    return Collections.unmodifiableSortedSet(copy);
  }

  /** Names of the non-empty dynamic partition sets, sorted. */
  public SortedSet<String> partitionSetNames() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(dynamicPartitionSets.keySet()));
  }

  /**
   * The dynamic partition sets as partition resolution reads them; each call answers a copy of
   * the members at that moment.
   */
  public DynamicMembers dynamicMembers() {
    return this::partitionSetMembers;
  }

  // ---- snapshots ---------------------------------------------------------------------------

  /** The canonical, sorted form of this state. */
  public FoldSnapshot snapshot() {
    List<TaskRow> allTasks = new ArrayList<>();
    tasks.values().forEach(m -> allTasks.addAll(m.values()));
    List<EdgeRow> allEdges = new ArrayList<>();
    edges.values().forEach(m -> m.addRowsTo(allEdges));
    return new FoldSnapshot(
        FoldSnapshot.FORMAT_VERSION,
        List.copyOf(runs.values()),
        allTasks,
        allEdges,
        List.copyOf(timers.values()),
        List.copyOf(outbox.values()),
        List.copyOf(runKeys.values()),
        idempotencyKeys.entrySet().stream()
            .sorted(java.util.Map.Entry.comparingByKey())
            .map(java.util.Map.Entry::getValue)
            .toList(),
        List.copyOf(partitionStatus.values()),
        List.copyOf(assetMaterializations.values()),
        List.copyOf(scheduleDefinitions.values()),
        List.copyOf(scheduleStates.values()),
        List.copyOf(scheduleTicks.values()),
        List.copyOf(runKeyConflicts.values()),
        List.copyOf(pendingRuns.values()),
        List.copyOf(sensorDefinitions.values()),
        List.copyOf(sensorStates.values()),
        List.copyOf(sensorEvals.values()),
        List.copyOf(backfills.values()),
        List.copyOf(backfillChunks.values()),
        dynamicPartitionSets.entrySet().stream()
            .map(e -> new PartitionSetRow(e.getKey(), List.copyOf(e.getValue())))
            .toList(),
        workspaceSettings,
        finishedCountsByName());
  }

  /** Rebuilds a state (and its derived indexes) from a snapshot, with an empty run-id secret. */
  public static FoldState fromSnapshot(FoldSnapshot s) {
    return fromSnapshot(s, new byte[0]);
  }

  /** Rebuilds a state (and its derived indexes) from a snapshot. */
  public static FoldState fromSnapshot(FoldSnapshot s, byte[] runIdSecret) {
    FoldState state = new FoldState(runIdSecret);
    s.runs().forEach(r -> state.runs.put(r.runId(), r));
    for (TaskRow t : s.tasks()) {
      // The in-flight sets come with the partition rows of the snapshot.
      state.tasks.computeIfAbsent(t.runId(), k -> new RunTasks()).put(t);
      state.indexLive(t);
    }
    java.util.HashMap<String, List<EdgeRow>> edges = new java.util.HashMap<>();
    for (EdgeRow e : s.edges()) {
      edges.computeIfAbsent(e.runId(), k -> new ArrayList<>()).add(e);
    }
    edges.forEach((runId, rows) -> state.edges.put(runId, RunEdges.of(runId, rows)));
    s.runs().stream()
        .filter(r -> !r.state().isTerminal())
        .forEach(r -> state.openRun(r.runId()));
    List.copyOf(state.tasks.keySet()).stream()
        .filter(runId -> !state.runs.containsKey(runId))
        .forEach(state::openRun);
    s.timers().forEach(state::putTimer);
    s.outbox().forEach(o -> state.outbox.put(o.dispatchId(), o));
    s.runKeys().forEach(k -> state.runKeys.put(k.runKey(), k));
    s.finishedRunCounts()
        .forEach((name, n) -> state.finishedCounts.put(io.arco.flow.model.PublicRunState.valueOf(name), n));
    s.partitionStatus()
        .forEach(
            p -> state.partitionStatus.put(partitionKey(p.assetKey(), p.partitionKey()), p));
    s.assetMaterializations().forEach(m -> state.assetMaterializations.put(m.assetKey(), m));
    s.scheduleDefinitions().forEach(d -> state.scheduleDefinitions.put(d.scheduleId(), d));
    s.scheduleStates().forEach(d -> state.scheduleStates.put(d.scheduleId(), d));
    s.scheduleTicks().forEach(d -> state.scheduleTicks.put(d.tickId(), d));
    s.runKeyConflicts().forEach(d -> state.runKeyConflicts.put(d.conflictId(), d));
    s.pendingRuns().forEach(d -> state.pendingRuns.put(d.runKey(), d));
    s.sensorDefinitions().forEach(d -> state.sensorDefinitions.put(d.sensorId(), d));
    s.sensorStates().forEach(d -> state.sensorStates.put(d.sensorId(), d));
    s.sensorEvals().forEach(state::putSensorEval);
    s.backfills().forEach(d -> state.backfills.put(d.backfillId(), d));
    s.backfillChunks().forEach(
        d -> {
          state.backfillChunks.put(d.chunkId(), d);
          d.runId().ifPresent(r -> state.chunkByRun.put(r, d.chunkId()));
        });
    state.workspaceSettings = s.workspaceSettings();
    for (PartitionSetRow row : s.dynamicPartitionSets()) {
      TreeSet<String> members = new TreeSet<>(Utf8Order.COMPARATOR);
      members.addAll(row.members());
      if (!members.isEmpty()) {
        state.dynamicPartitionSets.put(row.name(), members);
      }
    }
    // Last: a record stays in memory only while what owns it does.
    s.idempotencyKeys().forEach(state::recordKey);
    return state;
  }

  /** A deep copy (rows are immutable, so copying the maps suffices). */
  public FoldState copy() {
    FoldState c = fromSnapshot(snapshot(), runIdSecret);
    c.history = history;
    evicted.runs.values().forEach(c.evicted::add);
    evicted.ticks.values().forEach(c.evicted::add);
    evicted.evals.values().forEach(c.evicted::add);
    c.evicted.keys.putAll(evicted.keys);
    c.position = position;
    return c;
  }

  /** Number of idempotency keys recorded; a cheap change detector for tests. */
  public int idempotencyKeyCount() {
    return idempotencyKeys.size();
  }

  static <K, V> Map<K, V> unmodifiable(Map<K, V> m) {
    return Collections.unmodifiableMap(m);
  }
}
