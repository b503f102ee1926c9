package io.arco.flow.fold;

import io.arco.flow.model.WorkspaceSettings;
import java.util.List;

/**
 * Every projection of a {@link FoldState} as sorted lists: the canonical, serialisable form used
 * for snapshots and for "rebuild equals live" comparisons. Lists are sorted by primary key, so two
 * equal states give equal snapshots and equal bytes. {@code workspaceSettings} missing from an older
 * snapshot reads as the defaults, which is what every log written before the settings existed folds
 * to.
 */
public record FoldSnapshot(
    int formatVersion,
    List<RunRow> runs,
    List<TaskRow> tasks,
    List<EdgeRow> edges,
    List<TimerRow> timers,
    List<OutboxRow> outbox,
    List<RunKeyRow> runKeys,
    List<IdempotencyRecord> idempotencyKeys,
    List<PartitionStatusRow> partitionStatus,
    List<AssetMaterializationRow> assetMaterializations,
    List<ScheduleDefinitionRow> scheduleDefinitions,
    List<ScheduleStateRow> scheduleStates,
    List<ScheduleTickRow> scheduleTicks,
    List<RunKeyConflictRow> runKeyConflicts,
    List<PendingRunRow> pendingRuns,
    List<SensorDefinitionRow> sensorDefinitions,
    List<SensorStateRow> sensorStates,
    List<SensorEvalRow> sensorEvals,
    List<BackfillRow> backfills,
    List<BackfillChunkRow> backfillChunks,
    List<PartitionSetRow> dynamicPartitionSets,
    WorkspaceSettings workspaceSettings,
    java.util.Map<String, Long> finishedRunCounts) {
  /**
   * 2: partition rows carry their in-flight tasks and unpartitioned assets their materialization;
   * a snapshot of another version is ignored and the log refolded. 3: live state only — ended runs
   * (with their tasks, edges, timers, run_key entries and idempotency records), settled ticks and
   * replaced sensor evaluations live in the store's history tables; idempotency records name their
   * owner; ended runs are counted by the state the API shows, keyed by its name.
   */
  public static final int FORMAT_VERSION = 3;

  public FoldSnapshot {
    finishedRunCounts =
        finishedRunCounts == null
            ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(finishedRunCounts));
    runs = runs == null ? List.of() : List.copyOf(runs);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    edges = edges == null ? List.of() : List.copyOf(edges);
    timers = timers == null ? List.of() : List.copyOf(timers);
    outbox = outbox == null ? List.of() : List.copyOf(outbox);
    runKeys = runKeys == null ? List.of() : List.copyOf(runKeys);
    idempotencyKeys = idempotencyKeys == null ? List.of() : List.copyOf(idempotencyKeys);
    partitionStatus = partitionStatus == null ? List.of() : List.copyOf(partitionStatus);
    assetMaterializations =
        assetMaterializations == null ? List.of() : List.copyOf(assetMaterializations);
    scheduleDefinitions = scheduleDefinitions == null ? List.of() : List.copyOf(scheduleDefinitions);
    scheduleStates = scheduleStates == null ? List.of() : List.copyOf(scheduleStates);
    scheduleTicks = scheduleTicks == null ? List.of() : List.copyOf(scheduleTicks);
    runKeyConflicts = runKeyConflicts == null ? List.of() : List.copyOf(runKeyConflicts);
    pendingRuns = pendingRuns == null ? List.of() : List.copyOf(pendingRuns);
    sensorDefinitions = sensorDefinitions == null ? List.of() : List.copyOf(sensorDefinitions);
    sensorStates = sensorStates == null ? List.of() : List.copyOf(sensorStates);
    sensorEvals = sensorEvals == null ? List.of() : List.copyOf(sensorEvals);
    backfills = backfills == null ? List.of() : List.copyOf(backfills);
    backfillChunks = backfillChunks == null ? List.of() : List.copyOf(backfillChunks);
    dynamicPartitionSets =
        dynamicPartitionSets == null ? List.of() : List.copyOf(dynamicPartitionSets);
    workspaceSettings = workspaceSettings == null ? WorkspaceSettings.DEFAULT : workspaceSettings;
  }
}
