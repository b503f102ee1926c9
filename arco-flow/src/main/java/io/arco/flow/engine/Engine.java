package io.arco.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.ChunkState;
import io.arco.flow.model.RerunRequest;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.model.WorkspaceSettings;
import io.arco.flow.query.BackfillChunkView;
import io.arco.flow.query.BackfillView;
import io.arco.flow.query.PartitionCursor;
import io.arco.flow.query.PartitionQuery;
import io.arco.flow.query.PartitionSetView;
import io.arco.flow.query.PartitionStatusMap;
import io.arco.flow.query.PartitionStatusView;
import io.arco.flow.query.PartitionSummary;
import io.arco.flow.query.ReconciliationRun;
import io.arco.flow.query.RunListQuery;
import io.arco.flow.query.RunPage;
import io.arco.flow.query.RunView;
import io.arco.flow.query.ScheduleView;
import io.arco.flow.query.SensorEvalView;
import io.arco.flow.query.SensorView;
import io.arco.flow.query.SensorViews;
import io.arco.flow.query.StalenessView;
import io.arco.flow.query.TickView;
import io.arco.flow.store.EventStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine façade the api calls: one method per command or read, each taking the workspace
 * {@link Scope}. Commands run on the workspace's single writer and return only once their events
 * are durable; reads serve from the in-memory projections. Expected failures are {@link
 * FlowException}s carrying the contract's messages.
 *
 * <p>Each method hands over to the service of its feature ({@link ManifestService}, {@link
 * RunService}, {@link WorkerService}, {@link LogService}, {@link ScheduleService}, {@link
 * SensorService}, {@link BackfillService}, {@link PartitionSetService}, {@link PartitionService},
 * {@link SettingsService}, {@link OpsService}); they share the workspaces' writers through {@link
 * Workspaces}.
 */
public final class Engine implements AutoCloseable {
  private final Workspaces workspaces;
  private final OpsService ops;
  private final ManifestService manifests;
  private final ScheduleService schedules;
  private final SensorService sensors;
  private final BackfillService backfills;
  private final PartitionSetService partitionSets;
  private final SettingsService settings;
  private final RunService runs;
  private final PartitionService partitions;
  private final LogService logs;
  private final LiveLogs liveLogs;
  private final WorkerService workers;
  private final Optional<ClusterOptions> cluster;

  private Engine(EventStore store, InstantSource clock, EngineOptions options, IdGenerator ids) {
    this.workspaces = new Workspaces(store, clock, ids, options);
    this.cluster = options.cluster();
    this.ops = new OpsService(workspaces);
    this.manifests = new ManifestService(workspaces);
    this.schedules = new ScheduleService(workspaces);
    this.sensors = new SensorService(workspaces);
    this.backfills = new BackfillService(workspaces);
    this.partitionSets = new PartitionSetService(workspaces);
    this.settings = new SettingsService(workspaces);
    this.runs = new RunService(workspaces);
    this.partitions = new PartitionService(workspaces);
    this.logs = new LogService(workspaces);
    this.liveLogs = new LiveLogs(workspaces, runs);
    this.workers = new WorkerService(workspaces, logs, liveLogs);
  }

  /**
   * Opens an engine over a store, loading and checking every workspace the store knows. Ids are
   * monotonic ULIDs above the newest one stored ({@link IdGenerator#ulid}).
   *
   * @throws LogIntegrityException if a workspace's log fails its checks (decisions §3); nothing is
   *     left running and the store is left open for the caller to close
   */
  public static Engine open(EventStore store, InstantSource clock, EngineOptions options) {
    return open(store, clock, options, IdGenerator.ulid(clock, store.newestEventId()));
  }

  /**
   * Opens an engine that mints ids with {@code ids} (tests inject a deterministic source). Its ids
   * must sort above {@link EventStore#newestEventId()} and above each other.
   *
   * @throws LogIntegrityException as {@link #open(EventStore, InstantSource, EngineOptions)}
   */
  public static Engine open(
      EventStore store, InstantSource clock, EngineOptions options, IdGenerator ids) {
    return new Engine(store, clock, options, ids);
  }

  /**
   * Rebuilds one workspace's live state and history tables from its log alone (decisions §3): drops
   * its history rows and snapshots, folds every event from the first, writes the history rows of
   * every run that ended and a snapshot of the live state at the head. The log, manifests, logs
   * and request records are not touched. Run it only while no engine serves the store.
   */
  public static RebuildReport rebuild(EventStore store, Scope scope) {
    return OpsService.rebuild(store, scope);
  }

  // ---- time (OpsService) and raw reads (Workspaces) ---------------------------------------------

  public Instant now() {
    return ops.now();
  }

  public boolean hasManualClock() {
    return ops.hasManualClock();
  }

  /**
   * Moves the manual clock forward and runs one controller pass in every workspace before
   * answering (decisions §2.3).
   *
   * @throws FlowException 400 {@code clock can only move forward} for a move backwards
   */
  public Instant moveClock(Instant target) {
    return ops.moveClock(target);
  }

  /** Runs a controller pass in every loaded workspace and waits for them. */
  public void tickAllAndWait() {
    workspaces.tickAllAndWait();
  }

  /** A secret kept in the store (created on first use), e.g. the task-token signing key. */
  public byte[] secret(String name) {
    return ops.secret(name);
  }

  /** Reads the projections of a workspace under its read lock. */
  public <R> R read(Scope scope, Function<FoldState, R> reader) {
    return workspaces.read(scope, reader);
  }

  // ---- manifests (ManifestService) --------------------------------------------------------------

  /**
   * Deploys a manifest (api-contract §2.1): validates it, stores it as the workspace's latest and
   * answers its id. With an {@code Idempotency-Key}, a repeat with the same fingerprint answers the
   * first deploy (200) and a different manifest is 409.
   */
  public DeployResult deployManifest(
      Scope scope, JsonNode body, Optional<String> idempotencyKey, String principal) {
    return manifests.deployManifest(scope, body, idempotencyKey, principal);
  }

  /** Every deployed manifest, newest first (api-contract §2.3). */
  public List<ManifestSummary> listManifests(Scope scope) {
    return manifests.listManifests(scope);
  }

  /** The stored manifest document (api-contract §2.2), or 404 {@code manifest not found: {id}}. */
  public JsonNode manifestDocument(Scope scope, String manifestId) {
    return manifests.manifestDocument(scope, manifestId);
  }

  // ---- schedules (ScheduleService) --------------------------------------------------------------

  /** {@code PUT /schedules/{id}} (api-contract §8.3). */
  public ScheduleResult upsertSchedule(
      Scope scope, String scheduleId, ScheduleCommand command, Optional<String> idempotencyKey) {
    return schedules.upsertSchedule(scope, scheduleId, command, idempotencyKey);
  }

  /** {@code POST /schedules/{id}/enable} or {@code /disable} (api-contract §8.4). */
  public ScheduleResult setScheduleEnabled(
      Scope scope, String scheduleId, boolean enabled, Optional<String> idempotencyKey) {
    return schedules.setScheduleEnabled(scope, scheduleId, enabled, idempotencyKey);
  }

  /** A schedule, or 404 {@code schedule not found: {id}}. */
  public ScheduleView getSchedule(Scope scope, String scheduleId) {
    return schedules.getSchedule(scope, scheduleId);
  }

  /** Schedules sorted by id after {@code afterId}; at most {@code limit + 1} (the extra one says more remain). */
  public List<ScheduleView> listSchedules(Scope scope, Optional<String> afterId, int limit) {
    return schedules.listSchedules(scope, afterId, limit);
  }

  /** Tick history of a schedule (empty for an unknown schedule, api-contract §8.5). */
  public List<TickView> listTicks(
      Scope scope,
      String scheduleId,
      Optional<String> status,
      Optional<Instant> afterScheduledFor,
      Optional<String> afterTickId,
      int limit) {
    return schedules.listTicks(scope, scheduleId, status, afterScheduledFor, afterTickId, limit);
  }

  /** One tick (api-contract §8.6): 404 for a missing schedule or a tick of another schedule. */
  public TickView getTick(Scope scope, String scheduleId, String tickId) {
    return schedules.getTick(scope, scheduleId, tickId);
  }

  // ---- sensors (SensorService) ------------------------------------------------------------------

  /** A sensor, or 404 {@code sensor not found: {id}}. */
  public SensorView getSensor(Scope scope, String sensorId) {
    return sensors.getSensor(scope, sensorId);
  }

  /** Sensors sorted by id after {@code afterId}; at most {@code limit + 1}. */
  public List<SensorView> listSensors(Scope scope, Optional<String> afterId, int limit) {
    return sensors.listSensors(scope, afterId, limit);
  }

  /** Evaluation history of a sensor (empty for an unknown sensor, api-contract §9.4). */
  public List<SensorEvalView> listSensorEvals(
      Scope scope, String sensorId, SensorViews.EvalQuery query) {
    return sensors.listSensorEvals(scope, sensorId, query);
  }

  /** {@code POST /sensors/{id}/evaluate} (api-contract §9.3, decisions §2.9). */
  public SensorEvaluateResult evaluateSensor(Scope scope, String sensorId, PushEvaluation request) {
    return sensors.evaluateSensor(scope, sensorId, request);
  }

  /** {@code POST /sensors/{id}/pause} or {@code /resume} (decisions §6.7). */
  public SensorView setSensorPaused(
      Scope scope,
      String sensorId,
      boolean paused,
      Optional<String> idempotencyKey,
      String principal) {
    return sensors.setSensorPaused(scope, sensorId, paused, idempotencyKey, principal);
  }

  /** A worker's {@code /completed} callback for a poll-sensor evaluation (decisions §6.7). */
  public SensorCompletedAck sensorCompleted(SensorCompletion completion) {
    return sensors.sensorCompleted(completion);
  }

  // ---- backfills (BackfillService) --------------------------------------------------------------

  /** {@code POST /backfills} (api-contract §10.1): 202 when created, 200 for a replay. */
  public BackfillCreateResult createBackfill(Scope scope, BackfillRequest request) {
    return backfills.createBackfill(scope, request);
  }

  /**
   * {@code POST /backfills/{id}/pause} (decisions §2.4, §6.4). Lifecycle answers are read after the
   * batch's controller pass (decisions §6.10), so they show the chunks it planned or cancelled.
   */
  public BackfillView pauseBackfill(Scope scope, String backfillId, String principal) {
    return backfills.act(scope, backfillId, BackfillCommands.Action.PAUSE, principal);
  }

  /** {@code POST /backfills/{id}/resume}. */
  public BackfillView resumeBackfill(Scope scope, String backfillId, String principal) {
    return backfills.act(scope, backfillId, BackfillCommands.Action.RESUME, principal);
  }

  /** {@code POST /backfills/{id}/cancel}: also cancels the backfill's open runs. */
  public BackfillView cancelBackfill(Scope scope, String backfillId, String principal) {
    return backfills.act(scope, backfillId, BackfillCommands.Action.CANCEL, principal);
  }

  /** {@code POST /backfills/{id}/retry-failed}: FAILED → RUNNING with a new round. */
  public BackfillView retryFailedBackfill(Scope scope, String backfillId, String principal) {
    return backfills.act(scope, backfillId, BackfillCommands.Action.RETRY_FAILED, principal);
  }

  /** A backfill, or 404 {@code backfill not found: {id}}. */
  public BackfillView getBackfill(Scope scope, String backfillId) {
    return backfills.getBackfill(scope, backfillId);
  }

  /** Backfills newest first after the cursor tuple; at most {@code limit + 1}. */
  public List<BackfillView> listBackfills(
      Scope scope,
      Optional<BackfillState> state,
      Optional<Instant> afterCreatedAt,
      Optional<String> afterId,
      int limit) {
    return backfills.listBackfills(scope, state, afterCreatedAt, afterId, limit);
  }

  /** Chunks of a backfill after {@code afterIndex}; 404 for a missing backfill. */
  public List<BackfillChunkView> listBackfillChunks(
      Scope scope, String backfillId, Optional<ChunkState> state, int afterIndex, int limit) {
    return backfills.listBackfillChunks(scope, backfillId, state, afterIndex, limit);
  }

  // ---- dynamic partition sets (PartitionSetService) ---------------------------------------------

  /**
   * {@code POST /partition-sets/{name}/members} (decisions §2.5, §6.6): adds and removes members
   * and answers the set. The request is validated by {@link
   * io.arco.flow.plan.PartitionSetChange#of} (400s); what it changes is written as one {@code
   * PartitionSetMembersChanged}; a repeated {@code Idempotency-Key} answers the current set and
   * writes nothing.
   */
  public PartitionSetView changePartitionSetMembers(
      Scope scope,
      String name,
      List<String> add,
      List<String> remove,
      Optional<String> idempotencyKey) {
    return partitionSets.changePartitionSetMembers(scope, name, add, remove, idempotencyKey);
  }

  /**
   * {@code GET /partition-sets/{name}/members}: the set's members, sorted; a set never named (or
   * emptied) answers no members rather than 404, since any valid name denotes a set.
   *
   * @throws FlowException 400 {@code invalid partition set name '{name}' (expected …)}
   */
  public PartitionSetView partitionSet(Scope scope, String name) {
    return partitionSets.partitionSet(scope, name);
  }

  // ---- workspace settings (SettingsService) -----------------------------------------------------

  /**
   * {@code GET /settings} (decisions §6.6): the run-queue settings, {@link
   * WorkspaceSettings#DEFAULT} (no cap, no label limits) until a {@code PUT}.
   */
  public WorkspaceSettings workspaceSettings(Scope scope) {
    return settings.workspaceSettings(scope);
  }

  /**
   * {@code PUT /settings} (decisions §2.7, §6.6): replaces the whole document and answers the
   * settings now in force, label limits in canonical order. Values are checked by {@link
   * WorkspaceSettingsRequest#validate()} (400, nothing written); the change is one {@code
   * WorkspaceSettingsChanged}; the same document again, or a repeated {@code Idempotency-Key},
   * writes nothing. Runs the new limits release are leased by the next poll.
   */
  public WorkspaceSettings putWorkspaceSettings(
      Scope scope, WorkspaceSettingsRequest request, Optional<String> idempotencyKey) {
    return settings.putWorkspaceSettings(scope, request, idempotencyKey);
  }

  // ---- runs (RunService) ------------------------------------------------------------------------

  /**
   * Triggers a run (api-contract §3.1): validation in the contract's order, then the run_key
   * decision against the index (same fingerprint → the existing run; different → 409 with the
   * conflict details), then planning against the latest manifest. A request that fails validation
   * reserves nothing: the key is taken by the {@code RunTriggered} event itself.
   */
  public TriggerResult triggerRun(Scope scope, TriggerRequest request, String principal) {
    return runs.triggerRun(scope, request, principal);
  }

  /**
   * Reruns part of a finished run (api-contract §3.4, flow-model part 3 §4): validates the
   * request, finds the parent (404), plans the rerun over the parent's task graph, then applies the
   * run_key rules to the derived (or given) key — the same request twice answers the first rerun.
   */
  public RerunResult rerun(
      Scope scope, String parentRunId, RerunRequest request, String principal) {
    return runs.rerun(scope, parentRunId, request, principal);
  }

  /**
   * Attaches a fingerprint to a reservation that lacks one (api-contract §3.8), over the run_key
   * index. Every reservation Arco writes carries its fingerprint, so the answer is 200 {@code
   * updated:false} for the same request, 409 for a different one and 404 for an unknown key.
   */
  public RunKeyBackfillResult backfillRunKeyFingerprint(Scope scope, TriggerRequest request) {
    return runs.backfillRunKeyFingerprint(scope, request);
  }

  /** The run view, or 404 {@code run not found: {id}}. */
  public RunView getRun(Scope scope, String runId) {
    return runs.getRun(scope, runId);
  }

  /**
   * A page of runs: the live ones under the workspace's read lock, then the finished ones from the
   * history index without it, merged (a run that ended in between appears once, finished).
   */
  public RunPage listRuns(Scope scope, RunListQuery query) {
    return runs.listRuns(scope, query);
  }

  /**
   * Cancels a run (api-contract §3.5): 404 when missing; the current state when a cancel was
   * already requested; 409 when the run is terminal; otherwise appends {@code RunCancelRequested}.
   */
  public CancelResult cancelRun(
      Scope scope, String runId, Optional<String> reason, String principal) {
    return runs.cancelRun(scope, runId, reason, principal);
  }

  // ---- partitions, staleness and reconciliation (PartitionService) ------------------------------

  /**
   * A page of partition status rows (api-contract §11, decisions §6.5), staleness judged against
   * the latest manifest at the engine's current time; at most {@code limit + 1} rows.
   */
  public List<PartitionStatusView> listPartitions(Scope scope, PartitionQuery query) {
    return partitions.listPartitions(scope, query);
  }

  /** Counts over an asset's partitions, or 404 {@code no partitions found for asset: {assetKey}}. */
  public PartitionSummary partitionSummary(Scope scope, String assetKey) {
    return partitions.partitionSummary(scope, assetKey);
  }

  /**
   * Every partition status row of an asset as parallel lists (keys, statuses, stale positions) in
   * the list route's order; 404 {@code no partitions found for asset: {assetKey}} like the summary,
   * 400 when the asset has more than {@link PartitionStatusMap#MAX_PARTITIONS} rows.
   */
  public PartitionStatusMap partitionStatusMap(Scope scope, String assetKey) {
    return partitions.partitionStatusMap(scope, assetKey);
  }

  /**
   * Stale partitions and unpartitioned assets (decisions §2.6, §6.5) after {@code after}, for one
   * asset or all, in (asset key, partition key) order; at most {@code limit + 1} entries.
   */
  public List<StalenessView> staleness(
      Scope scope, Optional<String> assetKey, Optional<PartitionCursor> after, int limit) {
    return partitions.staleness(scope, assetKey, after, limit);
  }

  /** The runs a reconciliation would trigger, without side effects (decisions §6.10). */
  public List<ReconciliationRun> planReconciliation(Scope scope, ReconciliationRequest request) {
    return partitions.planReconciliation(scope, request);
  }

  /**
   * Triggers the planned runs in one command (decisions §6.10); their run keys make a repeat
   * answer the same runs with {@code created} false.
   */
  public List<AppliedRun> applyReconciliation(
      Scope scope, ReconciliationRequest request, String principal) {
    return partitions.applyReconciliation(scope, request, principal);
  }

  // ---- worker protocol (WorkerService) ----------------------------------------------------------

  /**
   * Leases up to {@code maxTasks} claimable tasks to a worker (decisions §2.1: the dispatch is the
   * lease). Waits up to {@code waitMs} of wall time for work when none is claimable.
   */
  public List<LeasedTask> lease(Scope scope, LeaseRequest request) {
    return workers.lease(scope, request);
  }

  /**
   * Leases run tasks and, when the worker polls queue {@code sensors}, due poll-sensor evaluations
   * (decisions §6.7) — sensors first, up to {@code maxTasks} in all. Waits up to {@code waitMs} of
   * wall time for work when there is none.
   */
  public LeaseBatch leaseWork(Scope scope, LeaseRequest request) {
    return workers.leaseWork(scope, request);
  }

  /**
   * Ends long polling for good (shutdown): every {@link #leaseWork} waiting for work answers at
   * once with an empty batch, and later calls answer empty without leasing or waiting. The server
   * calls it before it stops, so a pending poll gets its normal empty answer instead of a dropped
   * connection.
   */
  public void stopLongPolls() {
    workers.stopLongPolls();
  }

  /** How many {@link #leaseWork} calls are waiting for work right now. */
  public int longPollsWaiting() {
    return workers.longPollsWaiting();
  }

  /** The {@code /started} callback: checks in the contract's order, then {@code TaskStarted}. */
  public TaskCallbacks.StartedAck taskStarted(TaskCallbacks.Started req) {
    return workers.taskStarted(req);
  }

  /** The {@code /heartbeat} callback; answers whether the worker should cancel. */
  public TaskCallbacks.HeartbeatAck taskHeartbeat(TaskCallbacks.Heartbeat req) {
    return workers.taskHeartbeat(req);
  }

  /**
   * The {@code /completed} callback: one {@code TaskCompletionRecorded} for the attempt. A late or
   * conflicting completion of an attempt that already has a terminal result is 409 and appends
   * nothing; the applied completion, redelivered, is acknowledged again (decisions §7.1).
   */
  public TaskCallbacks.CompletedAck taskCompleted(TaskCallbacks.Completed req) {
    return workers.taskCompleted(req);
  }

  /**
   * A batch of worker reports (an addition to the contract's single-task callbacks): each report is
   * checked and applied exactly as its single route would, in order, and the reports of one
   * workspace are committed together, so a worker reporting several tasks pays one durable commit.
   * A refused report does not affect the others.
   *
   * @throws FlowException 400 {@code reports must hold between 1 and 100 reports}
   */
  public List<TaskCallbacks.ReportAnswer> taskReports(List<TaskCallbacks.Report> reports) {
    return workers.taskReports(reports);
  }

  /** A worker's log upload with its task token: same storage and 409 as the run log upload. */
  public LogUpload taskLogs(TaskCallbacks.Logs req) {
    return workers.taskLogs(req);
  }

  /**
   * A chunk of a running attempt's live output, with its task token (an addition): checked like
   * the log upload, refused once the attempt has ended, stored where the stream ends; a chunk
   * resent for bytes already held stores nothing ({@link LiveLogs}).
   */
  public LiveLogAck taskLiveLog(TaskCallbacks.LiveLog req) {
    return workers.taskLiveLog(req);
  }

  /**
   * Reads an attempt's live output from byte {@code offset} of {@code stream}, and whether the
   * attempt has finished with nothing after the text answered ({@link LiveLogs#read}).
   */
  public LiveLogText readLiveLog(
      Scope scope, String runId, String taskKey, int attempt, LogStream stream, long offset) {
    return liveLogs.read(scope, runId, taskKey, attempt, stream, offset);
  }

  // ---- logs (LogService) ------------------------------------------------------------------------

  /**
   * Stores an attempt's stdout and stderr (api-contract §3.6). The run is not checked for
   * existence; a second upload for the same attempt is 409.
   */
  public LogUpload uploadLogs(
      Scope scope, String runId, String taskKey, int attempt, String stdout, String stderr) {
    return logs.uploadLogs(scope, runId, taskKey, attempt, stdout, stderr);
  }

  /**
   * Reads a page of a run's logs (api-contract §3.7): objects in path order after {@code
   * afterPath}, concatenated, within {@code limit} objects and an 8 MiB budget.
   */
  public LogPage readLogs(
      Scope scope, String runId, Optional<String> taskKey, Optional<String> afterPath, int limit) {
    return logs.readLogs(scope, runId, taskKey, afterPath, limit);
  }

  // ---- operations (OpsService) ------------------------------------------------------------------

  /** Empty when the engine can serve; otherwise why not (the store cannot be read). */
  public Optional<String> readiness() {
    return ops.readiness();
  }

  /** Per-workspace counters, in scope order. */
  public List<WorkspaceStats> stats() {
    return ops.stats();
  }

  // ---- several serving nodes (decisions §7.11) ---------------------------------------------------

  /**
   * Where a command for {@code scope} must run: {@link WriterRoute.Local} on a single node and on
   * the node holding the workspace's writer lease (a node takes a free or lapsed lease here, after
   * catching up on the log); otherwise the holder's URL, or {@link WriterRoute.Unavailable}.
   */
  public WriterRoute writerRoute(Scope scope) {
    return workspaces.route(scope);
  }

  /**
   * Folds what other nodes appended to {@code scope} up to the log's head now, and answers this
   * node's head after it (read-your-writes after a forwarded command: the writer acknowledged it
   * durable, so it is in the log). On a single node, and on the writer, it only answers the head.
   */
  public long catchUp(Scope scope) {
    return workspaces.workspace(scope).catchUp();
  }

  /**
   * This node's cluster settings (id, advertised URL, lease length), read without the database;
   * empty on a single node. The HTTP layer checks it once at start to decide whether commands may
   * need forwarding at all.
   */
  public Optional<ClusterOptions> clusterOptions() {
    return cluster;
  }

  /** The cluster as the database has it (nodes, leases); empty on a single node. */
  public Optional<ClusterStatus> clusterStatus() {
    return workspaces.clusterStatus();
  }

  // ---- lifecycle (Workspaces) -------------------------------------------------------------------

  /**
   * Stops the ticker, drains every workspace, waits for the snapshots in flight, writes final
   * snapshots and closes the store. {@link #closeFailures()} then tells which final snapshots
   * failed.
   */
  @Override
  public void close() {
    workspaces.close();
  }

  /**
   * Waits until no workspace has a snapshot being saved or waiting to be (tests; a tool about to
   * copy the store).
   */
  public void awaitSnapshots() {
    workspaces.awaitSnapshots();
  }

  /**
   * After {@link #close()}: why the final snapshots of some workspaces failed, one line each; empty
   * when all were written (decisions §7.8: shutdown then exits 1).
   */
  public List<String> closeFailures() {
    return workspaces.closeFailures();
  }
}
