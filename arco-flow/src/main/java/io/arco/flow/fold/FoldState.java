package io.arco.flow.fold;

import io.arco.flow.model.WorkspaceSettings;
import io.arco.flow.plan.DynamicMembers;
import io.arco.flow.plan.Utf8Order;
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
  final TreeMap<String, TreeMap<String, TaskRow>> tasks = new TreeMap<>();
  /** runId → "upstream NUL downstream" → edge. */
  final TreeMap<String, TreeMap<String, EdgeRow>> edges = new TreeMap<>();
  final TreeMap<String, TimerRow> timers = new TreeMap<>();
  final TreeMap<String, OutboxRow> outbox = new TreeMap<>();
  final TreeMap<String, RunKeyRow> runKeys = new TreeMap<>();
  final TreeMap<String, IdempotencyRecord> idempotencyKeys = new TreeMap<>();
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

  /** runId → upstream → sorted downstream keys (derived). */
  final TreeMap<String, TreeMap<String, TreeSet<String>>> dependents = new TreeMap<>();

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

  /** A state whose automation run ids use an empty secret (tests). */
  public FoldState() {
    this(new byte[0]);
  }

  public FoldState(byte[] runIdSecret) {
    this.runIdSecret = runIdSecret.clone();
  }

  static String edgeKey(String upstream, String downstream) {
    return upstream + '\0' + downstream;
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

  public NavigableMap<String, RunRow> runs() {
    return Collections.unmodifiableNavigableMap(runs);
  }

  public Optional<RunRow> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  /** Tasks of a run in task-key order; empty when the run has no plan. */
  public NavigableMap<String, TaskRow> tasksOf(String runId) {
    TreeMap<String, TaskRow> t = tasks.get(runId);
    return t == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(t);
  }

  public Optional<TaskRow> task(String runId, String taskKey) {
    TreeMap<String, TaskRow> t = tasks.get(runId);
    return t == null ? Optional.empty() : Optional.ofNullable(t.get(taskKey));
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
          TreeMap<String, TaskRow> rows = tasks.get(runId);
          keys.forEach(k -> out.add(rows.get(k)));
        });
    return out;
  }

  /**
   * Writes a task row, keeping the live-task index and the in-flight sets of partition status in
   * step. Only the fold calls it.
   */
  void putTask(TaskRow row) {
    TaskRow old = tasks.computeIfAbsent(row.runId(), k -> new TreeMap<>()).put(row.taskKey(), row);
    indexLive(row);
    if (row.attempt() > 0 && openRuns.contains(row.runId())) {
      runsInProgress.add(row.runId());
    }
    PartitionInFlight.track(this, old, row);
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
    TreeMap<String, TaskRow> rows = tasks.get(runId);
    if (rows != null && rows.values().stream().anyMatch(t -> t.attempt() > 0)) {
      runsInProgress.add(runId);
    }
  }

  /** Marks a run ended: neither open nor in progress. */
  void closeRun(String runId) {
    openRuns.remove(runId);
    runsInProgress.remove(runId);
  }

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
    TreeMap<String, EdgeRow> e = edges.get(runId);
    return e == null ? List.of() : List.copyOf(e.values());
  }

  public Optional<EdgeRow> edge(String runId, String upstream, String downstream) {
    TreeMap<String, EdgeRow> e = edges.get(runId);
    return e == null ? Optional.empty() : Optional.ofNullable(e.get(edgeKey(upstream, downstream)));
  }

  /** Direct downstream task keys of a task, sorted. */
  public SortedSet<String> dependentsOf(String runId, String taskKey) {
    TreeMap<String, TreeSet<String>> d = dependents.get(runId);
    if (d == null || !d.containsKey(taskKey)) {
      return Collections.emptySortedSet();
    }
    return Collections.unmodifiableSortedSet(d.get(taskKey));
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

  public Optional<RunKeyRow> runKey(String runKey) {
    return Optional.ofNullable(runKeys.get(runKey));
  }

  public boolean hasIdempotencyKey(String key) {
    return idempotencyKeys.containsKey(key);
  }

  public Optional<IdempotencyRecord> idempotencyRecord(String key) {
    return Optional.ofNullable(idempotencyKeys.get(key));
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

  public java.util.NavigableMap<String, ScheduleTickRow> scheduleTicks() {
    return Collections.unmodifiableNavigableMap(scheduleTicks);
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

  public java.util.NavigableMap<String, SensorEvalRow> sensorEvals() {
    return Collections.unmodifiableNavigableMap(sensorEvals);
  }

  /** The evaluations of one sensor, by evaluation id. */
  public List<SensorEvalRow> sensorEvalsOf(String sensorId) {
    return evalIdsBySensor.getOrDefault(sensorId, new TreeSet<>()).stream()
        .map(sensorEvals::get)
        .toList();
  }

  /** The poll evaluation recorded for a lease (sensor, state version, poll epoch), if any. */
  public Optional<SensorEvalRow> pollEvaluation(String sensorId, int stateVersion, long pollEpoch) {
    return Optional.ofNullable(pollEvalByLease.get(leaseKey(sensorId, stateVersion, pollEpoch)))
        .map(sensorEvals::get);
  }

  static String leaseKey(String sensorId, int stateVersion, long pollEpoch) {
    return sensorId + '\0' + stateVersion + '\0' + pollEpoch;
  }

  /** Records an evaluation row and keeps its derived indexes. */
  void putSensorEval(SensorEvalRow row) {
    sensorEvals.put(row.evalId(), row);
    evalIdsBySensor.computeIfAbsent(row.sensorId(), k -> new TreeSet<>()).add(row.evalId());
    if (row.triggerSource() instanceof io.arco.flow.event.TriggerSource.Poll poll
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
    edges.values().forEach(m -> allEdges.addAll(m.values()));
    return new FoldSnapshot(
        FoldSnapshot.FORMAT_VERSION,
        List.copyOf(runs.values()),
        allTasks,
        allEdges,
        List.copyOf(timers.values()),
        List.copyOf(outbox.values()),
        List.copyOf(runKeys.values()),
        List.copyOf(idempotencyKeys.values()),
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
        workspaceSettings);
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
      state.tasks.computeIfAbsent(t.runId(), k -> new TreeMap<>()).put(t.taskKey(), t);
      state.indexLive(t);
    }
    for (EdgeRow e : s.edges()) {
      state
          .edges
          .computeIfAbsent(e.runId(), k -> new TreeMap<>())
          .put(edgeKey(e.upstreamTaskKey(), e.downstreamTaskKey()), e);
      state.indexEdge(e.runId(), e.upstreamTaskKey(), e.downstreamTaskKey());
    }
    s.runs().stream()
        .filter(r -> !r.state().isTerminal())
        .forEach(r -> state.openRun(r.runId()));
    List.copyOf(state.tasks.keySet()).stream()
        .filter(runId -> !state.runs.containsKey(runId))
        .forEach(state::openRun);
    s.timers().forEach(t -> state.timers.put(t.timerId(), t));
    s.outbox().forEach(o -> state.outbox.put(o.dispatchId(), o));
    s.runKeys().forEach(k -> state.runKeys.put(k.runKey(), k));
    s.idempotencyKeys().forEach(k -> state.idempotencyKeys.put(k.idempotencyKey(), k));
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
    return state;
  }

  /** A deep copy (rows are immutable, so copying the maps suffices). */
  public FoldState copy() {
    return fromSnapshot(snapshot(), runIdSecret);
  }

  void indexEdge(String runId, String upstream, String downstream) {
    dependents
        .computeIfAbsent(runId, k -> new TreeMap<>())
        .computeIfAbsent(upstream, k -> new TreeSet<>())
        .add(downstream);
  }

  /** Number of idempotency keys recorded; a cheap change detector for tests. */
  public int idempotencyKeyCount() {
    return idempotencyKeys.size();
  }

  static <K, V> Map<K, V> unmodifiable(Map<K, V> m) {
    return Collections.unmodifiableMap(m);
  }
}
