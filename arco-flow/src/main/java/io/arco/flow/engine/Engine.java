package io.arco.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.control.BackfillController;
import io.arco.flow.control.ClaimableTasks;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.TaskDef;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.RunState;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.ParentEdge;
import io.arco.flow.plan.PartitionSetChange;
import io.arco.flow.plan.ParentRun;
import io.arco.flow.plan.ParentTask;
import io.arco.flow.plan.PlannedRerun;
import io.arco.flow.plan.RequestLimits;
import io.arco.flow.plan.RerunPlanner;
import io.arco.flow.model.RerunRequest;
import io.arco.flow.plan.ManifestParser;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.plan.TaskKeys;
import io.arco.flow.plan.TriggerPlanner;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.plan.ValidatedTrigger;
import io.arco.flow.store.ManifestRecord;
import io.arco.flow.store.RequestRecord;
import io.arco.flow.store.SideWrite;
import io.arco.flow.control.Controller;
import io.arco.flow.control.RunQueue;
import io.arco.flow.control.RunRequestProcessor;
import io.arco.flow.control.ScheduleController;
import io.arco.flow.control.TimerController;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.DispatchEnqueued;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.RunCancelRequested;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.model.TaskError;
import io.arco.flow.event.TaskHeartbeat;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.event.OutputVisibilityUpdate;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.ChunkState;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TaskState;
import io.arco.flow.model.WorkspaceSettings;
import io.arco.flow.query.PartitionSetView;
import io.arco.flow.query.PartitionCursor;
import io.arco.flow.query.PartitionQuery;
import io.arco.flow.query.PartitionStatusView;
import io.arco.flow.query.PartitionSummary;
import io.arco.flow.query.PartitionViews;
import io.arco.flow.query.ReconciliationRun;
import io.arco.flow.query.RunListQuery;
import io.arco.flow.query.RunLists;
import io.arco.flow.query.RunPage;
import io.arco.flow.query.RunView;
import io.arco.flow.query.RunViews;
import io.arco.flow.query.BackfillChunkView;
import io.arco.flow.query.BackfillView;
import io.arco.flow.query.BackfillViews;
import io.arco.flow.query.ScheduleView;
import io.arco.flow.query.SensorEvalView;
import io.arco.flow.query.SensorView;
import io.arco.flow.query.SensorViews;
import io.arco.flow.query.Staleness;
import io.arco.flow.query.StalenessReport;
import io.arco.flow.query.StalenessView;
import io.arco.flow.query.ScheduleViews;
import io.arco.flow.query.TickView;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.LogRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine façade the api calls: one method per command or read, each taking the workspace
 * {@link Scope}. Commands run on the workspace's single writer and return only once their events
 * are durable; reads serve from the in-memory projections. Expected failures are {@link
 * FlowException}s carrying the contract's messages.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  static final long MAX_LOG_BYTES = 2_097_152;
  static final long LOG_PAGE_BUDGET = 8L * 1024 * 1024;

  private final EventStore store;
  private final InstantSource clock;
  private final Optional<ManualClock> manualClock;
  private final IdGenerator ids;
  private final EngineOptions options;
  private final List<Controller> controllers;
  private final Map<Scope, WorkspaceEngine> workspaces = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;
  /** Encodes and saves every workspace's snapshots, one at a time, off the writers. */
  private final ExecutorService snapshotter =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("arco-snapshots").unstarted(r));
  private final StoreWrites storeWrites = new StoreWrites();
  private final List<String> closeFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private Engine(EventStore store, InstantSource clock, EngineOptions options, IdGenerator ids) {
    this.store = store;
    this.clock = clock;
    this.manualClock = clock instanceof ManualClock m ? Optional.of(m) : Optional.empty();
    this.ids = ids;
    this.options = options;
    this.controllers =
        List.of(
            new TimerController(),
            new ScheduleController(),
            new BackfillController(),
            new RunRequestProcessor());
    try {
      // Built outside the map: a computeIfAbsent in progress can block others on the same bin.
      WorkspaceLoading.loadAll(store.scopes(), scope -> workspaces.put(scope, newWorkspace(scope)));
    } catch (RuntimeException e) {
      workspaces.values().forEach(WorkspaceEngine::close);
      snapshotter.shutdown();
      throw e;
    }
    if (manualClock.isEmpty() && !options.tickInterval().isZero()) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("arco-ticker").unstarted(r));
      long ms = options.tickInterval().toMillis();
      ticker.scheduleWithFixedDelay(this::tickAll, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
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
    long started = System.nanoTime();
    store.clearHistory(scope);
    FoldState s = new FoldState(WorkspaceEngine.runIdSecret(store, scope));
    LogReplay.Result r = LogReplay.replay(store, scope, s, 0, store.head(scope));
    if (r.last() > 0) {
      store.saveSnapshot(
          scope,
          new io.arco.flow.store.StoredSnapshot(
              r.last(), io.arco.flow.store.codec.SnapshotCodec.encode(s.snapshot())));
    }
    return new RebuildReport(
        scope,
        r.folded(),
        r.historyWritten(),
        s.runs().size(),
        r.last(),
        java.time.Duration.ofNanos(System.nanoTime() - started));
  }

  // ---- time ------------------------------------------------------------------------------------

  public Instant now() {
    return clock.instant();
  }

  public boolean hasManualClock() {
    return manualClock.isPresent();
  }

  /**
   * Moves the manual clock forward and runs one controller pass in every workspace before
   * answering (decisions §2.3).
   *
   * @throws FlowException 400 {@code clock can only move forward} for a move backwards
   */
  public Instant moveClock(Instant target) {
    ManualClock m = manualClock.orElseThrow(() -> FlowException.notFound("route not found"));
    try {
      m.moveTo(target);
    } catch (IllegalArgumentException e) {
      throw FlowException.invalid(e.getMessage());
    }
    tickAllAndWait();
    return m.instant();
  }

  /** Runs a controller pass in every loaded workspace and waits for them. */
  public void tickAllAndWait() {
    List<java.util.concurrent.CompletableFuture<Boolean>> all = new ArrayList<>();
    for (WorkspaceEngine ws : workspaces.values()) {
      all.add(ws.submit(ctx -> Boolean.TRUE));
    }
    all.forEach(Engine::join);
  }

  private void tickAll() {
    if (closed) {
      return;
    }
    for (WorkspaceEngine ws : workspaces.values()) {
      ws.submit(ctx -> Boolean.TRUE);
    }
  }

  /** A secret kept in the store (created on first use), e.g. the task-token signing key. */
  public byte[] secret(String name) {
    return store.metadata(
        "secret:" + name,
        () -> {
          byte[] b = new byte[32];
          new SecureRandom().nextBytes(b);
          return b;
        });
  }

  // ---- workspaces ------------------------------------------------------------------------------

  WorkspaceEngine workspace(Scope scope) {
    if (closed) {
      throw new EngineClosedException();
    }
    return workspaces.computeIfAbsent(scope, this::newWorkspace);
  }

  private WorkspaceEngine newWorkspace(Scope scope) {
    return new WorkspaceEngine(
        scope,
        store,
        ids,
        clock,
        controllers,
        options.snapshotEvery(),
        options.listeners(),
        snapshotter,
        options.snapshotRetry(),
        storeWrites);
  }

  /** Reads the projections of a workspace under its read lock. */
  public <R> R read(Scope scope, Function<FoldState, R> reader) {
    return workspace(scope).read(reader);
  }

  <R> R run(Scope scope, Command<R> command) {
    return join(workspace(scope).submit(command));
  }

  static <R> R join(java.util.concurrent.CompletableFuture<R> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  // ---- manifests -------------------------------------------------------------------------------

  /**
   * Deploys a manifest (api-contract §2.1): validates it, stores it as the workspace's latest and
   * answers its id. With an {@code Idempotency-Key}, a repeat with the same fingerprint answers the
   * first deploy (200) and a different manifest is 409.
   */
  public DeployResult deployManifest(
      Scope scope, JsonNode body, Optional<String> idempotencyKey, String principal) {
    Manifest manifest = ManifestParser.parse(body, principal);
    String fingerprint = manifest.fingerprint();
    WorkspaceEngine ws = workspace(scope);
    return run(
        scope,
        ctx -> {
          if (idempotencyKey.isPresent()) {
            Optional<RequestRecord> seen = ctx.requestRecord(MANIFEST_REQUESTS, idempotencyKey.get());
            if (seen.isPresent()) {
              if (!seen.get().fingerprint().equals(fingerprint)) {
                throw FlowException.conflict("idempotency key already used for a different manifest");
              }
              String id = new String(seen.get().response(), StandardCharsets.UTF_8);
              StoredManifestDocument doc =
                  ws.manifests.byId(id).orElseThrow(() -> new IllegalStateException("lost manifest " + id));
              return deployResult(doc, false);
            }
          }
          String manifestId = ctx.newId();
          StoredManifestDocument doc = StoredManifestDocument.of(manifestId, scope, ctx.now(), manifest);
          ctx.sideWrite(new SideWrite.PutManifest(new ManifestRecord(manifestId, ctx.now(), doc.toBytes())));
          idempotencyKey.ifPresent(
              k ->
                  ctx.sideWrite(
                      new SideWrite.PutRequestRecord(
                          new RequestRecord(
                              MANIFEST_REQUESTS,
                              k,
                              fingerprint,
                              manifestId.getBytes(StandardCharsets.UTF_8)))));
          ws.manifests.deployed(doc);
          ScheduleCommands.deployed(ctx, doc);
          SensorCommands.deployed(ctx, doc);
          return deployResult(doc, true);
        });
  }

  private static final String MANIFEST_REQUESTS = "manifest";

  private static DeployResult deployResult(StoredManifestDocument doc, boolean created) {
    return new DeployResult(
        doc.manifestId(),
        doc.workspaceId(),
        doc.manifest().codeVersionId(),
        doc.fingerprint(),
        doc.manifest().assets().size(),
        doc.deployedAt(),
        created);
  }

  /** Every deployed manifest, newest first (api-contract §2.3). */
  public List<ManifestSummary> listManifests(Scope scope) {
    List<ManifestSummary> out = new ArrayList<>();
    for (ManifestRecord r : store.manifests(scope)) {
      StoredManifestDocument d = StoredManifestDocument.parse(r.document());
      out.add(
          new ManifestSummary(
              d.manifestId(),
              d.manifest().codeVersionId(),
              d.fingerprint(),
              d.manifest().assets().size(),
              d.manifest().git().branch(),
              d.manifest().git().commitSha(),
              d.deployedAt(),
              d.manifest().deployedBy()));
    }
    return out;
  }

  /** The stored manifest document (api-contract §2.2), or 404 {@code manifest not found: {id}}. */
  public JsonNode manifestDocument(Scope scope, String manifestId) {
    return workspace(scope)
        .manifests
        .byId(manifestId)
        .map(StoredManifestDocument::toJson)
        .orElseThrow(() -> FlowException.notFound("manifest not found: " + manifestId));
  }

  // ---- schedules --------------------------------------------------------------------------------

  /** {@code PUT /schedules/{id}} (api-contract §8.3). */
  public ScheduleResult upsertSchedule(
      Scope scope, String scheduleId, ScheduleCommand command, Optional<String> idempotencyKey) {
    WorkspaceEngine ws = workspace(scope);
    return run(
        scope, ctx -> ScheduleCommands.upsert(ctx, ws.manifests, scheduleId, command, idempotencyKey));
  }

  /** {@code POST /schedules/{id}/enable} or {@code /disable} (api-contract §8.4). */
  public ScheduleResult setScheduleEnabled(
      Scope scope, String scheduleId, boolean enabled, Optional<String> idempotencyKey) {
    return run(scope, ctx -> ScheduleCommands.setEnabled(ctx, scheduleId, enabled, idempotencyKey));
  }

  /** A schedule, or 404 {@code schedule not found: {id}}. */
  public ScheduleView getSchedule(Scope scope, String scheduleId) {
    return read(scope, s -> ScheduleViews.of(s, scheduleId))
        .orElseThrow(() -> FlowException.notFound("schedule not found: " + scheduleId));
  }

  /** Schedules sorted by id after {@code afterId}; at most {@code limit + 1} (the extra one says more remain). */
  public List<ScheduleView> listSchedules(Scope scope, Optional<String> afterId, int limit) {
    return read(scope, s -> ScheduleViews.list(s, afterId, limit));
  }

  /** Tick history of a schedule (empty for an unknown schedule, api-contract §8.5). */
  public List<TickView> listTicks(
      Scope scope,
      String scheduleId,
      Optional<String> status,
      Optional<Instant> afterScheduledFor,
      Optional<String> afterTickId,
      int limit) {
    WorkspaceEngine ws = workspace(scope);
    List<io.arco.flow.fold.ScheduleTickRow> live = ws.read(s -> ScheduleViews.liveTicks(s, scheduleId));
    List<io.arco.flow.fold.ScheduleTickRow> settled =
        store
            .finishedTicks(
                scope,
                new io.arco.flow.fold.TickHistoryQuery(
                    scheduleId, status, afterScheduledFor, afterTickId, limit + 1))
            .stream()
            .map(io.arco.flow.fold.FinishedTick::tick)
            .toList();
    return ScheduleViews.ticks(live, settled, status, afterScheduledFor, afterTickId, limit);
  }

  /** One tick (api-contract §8.6): 404 for a missing schedule or a tick of another schedule. */
  public TickView getTick(Scope scope, String scheduleId, String tickId) {
    return read(
        scope,
        s -> {
          if (s.scheduleDefinitions().get(scheduleId) == null) {
            throw FlowException.notFound("schedule not found: " + scheduleId);
          }
          var tick = s.tick(tickId).orElse(null);
          if (tick == null || !tick.scheduleId().equals(scheduleId)) {
            throw FlowException.notFound("tick not found: " + tickId);
          }
          return ScheduleViews.tick(tick);
        });
  }

  // ---- sensors ----------------------------------------------------------------------------------

  /** A sensor, or 404 {@code sensor not found: {id}}. */
  public SensorView getSensor(Scope scope, String sensorId) {
    return read(scope, s -> SensorViews.of(s, sensorId, LeasedSensorEvaluation.LEASE_SECONDS))
        .orElseThrow(() -> FlowException.notFound("sensor not found: " + sensorId));
  }

  /** Sensors sorted by id after {@code afterId}; at most {@code limit + 1}. */
  public List<SensorView> listSensors(Scope scope, Optional<String> afterId, int limit) {
    return read(scope, s -> SensorViews.list(s, afterId, limit, LeasedSensorEvaluation.LEASE_SECONDS));
  }

  /** Evaluation history of a sensor (empty for an unknown sensor, api-contract §9.4). */
  public List<SensorEvalView> listSensorEvals(
      Scope scope, String sensorId, SensorViews.EvalQuery query) {
    WorkspaceEngine ws = workspace(scope);
    List<io.arco.flow.fold.SensorEvalRow> live = ws.read(s -> s.sensorEvalsOf(sensorId));
    List<io.arco.flow.fold.SensorEvalRow> history =
        store
            .finishedEvals(
                scope,
                new io.arco.flow.fold.EvalHistoryQuery(
                    sensorId,
                    query.since(),
                    query.until(),
                    query.status(),
                    query.afterEvaluatedAt(),
                    query.afterEvalId(),
                    query.limit() + 1))
            .stream()
            .map(io.arco.flow.fold.FinishedEval::eval)
            .toList();
    return SensorViews.evals(live, history, query);
  }

  /** {@code POST /sensors/{id}/evaluate} (api-contract §9.3, decisions §2.9). */
  public SensorEvaluateResult evaluateSensor(Scope scope, String sensorId, PushEvaluation request) {
    WorkspaceEngine ws = workspace(scope);
    return run(scope, ctx -> SensorCommands.evaluatePush(ctx, ws.manifests, sensorId, request));
  }

  /** {@code POST /sensors/{id}/pause} or {@code /resume} (decisions §6.7). */
  public SensorView setSensorPaused(
      Scope scope, String sensorId, boolean paused, Optional<String> idempotencyKey, String principal) {
    return run(
        scope, ctx -> SensorCommands.setPaused(ctx, sensorId, paused, idempotencyKey, principal));
  }

  /** A worker's {@code /completed} callback for a poll-sensor evaluation (decisions §6.7). */
  public SensorCompletedAck sensorCompleted(SensorCompletion completion) {
    Scope scope = scopeOf(completion.claims());
    WorkspaceEngine ws = workspace(scope);
    return run(scope, ctx -> SensorCommands.completePoll(ctx, ws.manifests, completion));
  }

  // ---- backfills --------------------------------------------------------------------------------

  /** {@code POST /backfills} (api-contract §10.1): 202 when created, 200 for a replay. */
  public BackfillCreateResult createBackfill(Scope scope, BackfillRequest request) {
    WorkspaceEngine ws = workspace(scope);
    return run(
        scope,
        ctx -> BackfillCommands.create(ctx, ws.manifests, request, ctx.state().dynamicMembers()));
  }

  /**
   * {@code POST /backfills/{id}/pause} (decisions §2.4, §6.4). Lifecycle answers are read after the
   * batch's controller pass (decisions §6.10), so they show the chunks it planned or cancelled.
   */
  public BackfillView pauseBackfill(Scope scope, String backfillId, String principal) {
    run(scope, ctx -> BackfillCommands.act(ctx, backfillId, BackfillCommands.Action.PAUSE, principal));
    return getBackfill(scope, backfillId);
  }

  /** {@code POST /backfills/{id}/resume}. */
  public BackfillView resumeBackfill(Scope scope, String backfillId, String principal) {
    run(scope, ctx -> BackfillCommands.act(ctx, backfillId, BackfillCommands.Action.RESUME, principal));
    return getBackfill(scope, backfillId);
  }

  /** {@code POST /backfills/{id}/cancel}: also cancels the backfill's open runs. */
  public BackfillView cancelBackfill(Scope scope, String backfillId, String principal) {
    run(scope, ctx -> BackfillCommands.act(ctx, backfillId, BackfillCommands.Action.CANCEL, principal));
    return getBackfill(scope, backfillId);
  }

  /** {@code POST /backfills/{id}/retry-failed}: FAILED → RUNNING with a new round. */
  public BackfillView retryFailedBackfill(Scope scope, String backfillId, String principal) {
    run(scope, ctx -> BackfillCommands.act(ctx, backfillId, BackfillCommands.Action.RETRY_FAILED, principal));
    return getBackfill(scope, backfillId);
  }

  /** A backfill, or 404 {@code backfill not found: {id}}. */
  public BackfillView getBackfill(Scope scope, String backfillId) {
    return read(scope, s -> BackfillViews.of(s, backfillId))
        .orElseThrow(() -> FlowException.notFound("backfill not found: " + backfillId));
  }

  /** Backfills newest first after the cursor tuple; at most {@code limit + 1}. */
  public List<BackfillView> listBackfills(
      Scope scope,
      Optional<BackfillState> state,
      Optional<Instant> afterCreatedAt,
      Optional<String> afterId,
      int limit) {
    return read(scope, s -> BackfillViews.list(s, state, afterCreatedAt, afterId, limit));
  }

  /** Chunks of a backfill after {@code afterIndex}; 404 for a missing backfill. */
  public List<BackfillChunkView> listBackfillChunks(
      Scope scope, String backfillId, Optional<ChunkState> state, int afterIndex, int limit) {
    return read(
        scope,
        s ->
            BackfillViews.chunks(
                s,
                s.backfill(backfillId)
                    .orElseThrow(() -> FlowException.notFound("backfill not found: " + backfillId)),
                state,
                afterIndex,
                limit));
  }

  // ---- dynamic partition sets --------------------------------------------------------------------

  /**
   * {@code POST /partition-sets/{name}/members} (decisions §2.5, §6.6): adds and removes members
   * and answers the set. The request is validated by {@link PartitionSetChange#of} (400s); what it
   * changes is written as one {@code PartitionSetMembersChanged}; a repeated {@code
   * Idempotency-Key} answers the current set and writes nothing.
   */
  public PartitionSetView changePartitionSetMembers(
      Scope scope,
      String name,
      List<String> add,
      List<String> remove,
      Optional<String> idempotencyKey) {
    PartitionSetChange change = PartitionSetChange.of(name, add, remove);
    return run(scope, ctx -> PartitionSetCommands.change(ctx, change, idempotencyKey));
  }

  /**
   * {@code GET /partition-sets/{name}/members}: the set's members, sorted; a set never named (or
   * emptied) answers no members rather than 404, since any valid name denotes a set.
   *
   * @throws FlowException 400 {@code invalid partition set name '{name}' (expected …)}
   */
  public PartitionSetView partitionSet(Scope scope, String name) {
    PartitionSetChange.requireName(name);
    return read(scope, s -> PartitionSetView.of(s, name));
  }

  // ---- workspace settings ----------------------------------------------------------------------

  /**
   * {@code GET /settings} (decisions §6.6): the run-queue settings, {@link
   * WorkspaceSettings#DEFAULT} (no cap, no label limits) until a {@code PUT}.
   */
  public WorkspaceSettings workspaceSettings(Scope scope) {
    return read(scope, FoldState::workspaceSettings);
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
    WorkspaceSettings next = request.validate();
    return run(scope, ctx -> SettingsCommands.put(ctx, next, idempotencyKey));
  }

  // ---- runs ------------------------------------------------------------------------------------

  /**
   * Triggers a run (api-contract §3.1): validation in the contract's order, then the run_key
   * decision against the index (same fingerprint → the existing run; different → 409 with the
   * conflict details), then planning against the latest manifest. A request that fails validation
   * reserves nothing: the key is taken by the {@code RunTriggered} event itself.
   */
  public TriggerResult triggerRun(Scope scope, TriggerRequest request, String principal) {
    WorkspaceEngine ws = workspace(scope);
    return run(
        scope,
        ctx -> {
          ValidatedTrigger v =
              TriggerPlanner.DEFAULT.validate(
                  request, ws.manifests::latest, ctx.state().dynamicMembers());
          if (v.runKey().isPresent()) {
            Optional<RunKeyRow> existing = ctx.state().runKey(v.runKey().get());
            if (existing.isPresent()) {
              return RunKeys.replayOrConflict(ctx.state(), existing.get(), v, "manual");
            }
          }
          Manifest manifest = TriggerPlanner.manifestFor(v, ws.manifests::latest);
          List<TaskDef> tasks = TriggerPlanner.DEFAULT.plan(v, manifest);
          return RunTriggers.emit(ctx, ws.manifests, v, manifest, tasks, principal);
        });
  }

  /**
   * Reruns part of a finished run (api-contract §3.4, flow-model part 3 §4): validates the
   * request, finds the parent (404), plans the rerun over the parent's task graph, then applies the
   * run_key rules to the derived (or given) key — the same request twice answers the first rerun.
   */
  public RerunResult rerun(Scope scope, String parentRunId, RerunRequest request, String principal) {
    RerunPlanner.validateRequest(request);
    return run(
        scope,
        ctx -> {
          FoldState state = ctx.state();
          RunRow parent =
              state.run(parentRunId)
                  .orElseThrow(() -> FlowException.notFound("run not found: " + parentRunId));
          PlannedRerun p = RerunPlanner.plan(request, parentOf(state, parent));
          Optional<RunKeyRow> existing = state.runKey(p.runKey());
          if (existing.isPresent()) {
            RunKeyRow k = existing.get();
            boolean same =
                k.sourceKind().map("rerun"::equals).orElse(true)
                    && k.requestFingerprint().map(p.requestFingerprint()::equals).orElse(true);
            if (!same) {
              throw new FlowException(
                  RunKeys.conflict(
                      state,
                      k,
                      new RunKeys.Requested(
                          Optional.of(p.requestFingerprint()), p.roots(), p.labels())));
            }
            PublicRunState current =
                state.run(k.runId()).map(r -> RunViews.publicState(state, r)).orElse(PublicRunState.PENDING);
            return new RerunResult(
                k.runId(), k.planId(), current, false, k.createdAt(), parentRunId,
                p.mode().kind(), p.rerunReason());
          }
          TriggerResult created =
              RunTriggers.emit(
                  ctx,
                  new RunTriggers.NewRun(
                      p.roots(),
                      Optional.of(p.runKey()),
                      p.labels(),
                      p.codeVersion(),
                      parent.manifestId(),
                      Optional.of(p.requestFingerprint()),
                      "rerun",
                      p.tasks()),
                  principal);
          return new RerunResult(
              created.runId(), created.planId(), created.state(), true, created.createdAt(),
              parentRunId, p.mode().kind(), p.rerunReason());
        });
  }

  /** The parent's plan as the rerun planner sees it: task settings, outcomes and edges. */
  private static ParentRun parentOf(FoldState state, RunRow parent) {
    List<ParentTask> tasks = new ArrayList<>();
    for (TaskRow t : state.tasksOf(parent.runId()).values()) {
      TaskDef def =
          new TaskDef(
              t.taskKey(),
              List.of(),
              t.assetKey(),
              t.partitionKey(),
              t.maxAttempts(),
              t.heartbeatTimeoutSec(),
              t.requiresVisibleOutput(),
              t.retryBackoffSec(),
              t.retryMaxBackoffSec(),
              t.workerQueue().equals(TaskDef.DEFAULT_QUEUE) ? Optional.empty() : Optional.of(t.workerQueue()));
      tasks.add(new ParentTask(def, t.state() == TaskState.SUCCEEDED));
    }
    List<ParentEdge> edges =
        state.edgesOf(parent.runId()).stream()
            .map(e -> new ParentEdge(e.upstreamTaskKey(), e.downstreamTaskKey()))
            .toList();
    return new ParentRun(
        parent.runId(), parent.state() == RunState.FAILED, parent.codeVersion(), tasks, edges);
  }

  /**
   * Attaches a fingerprint to a reservation that lacks one (api-contract §3.8), over the run_key
   * index. Every reservation Arco writes carries its fingerprint, so the answer is 200 {@code
   * updated:false} for the same request, 409 for a different one and 404 for an unknown key.
   */
  public RunKeyBackfillResult backfillRunKeyFingerprint(Scope scope, TriggerRequest request) {
    WorkspaceEngine ws = workspace(scope);
    return read(
        scope,
        state -> {
          ValidatedTrigger v =
              TriggerPlanner.DEFAULT.validateForRunKeyBackfill(
                  request, ws.manifests::latest, state.dynamicMembers());
          String runKey = v.runKey().orElseThrow();
          RunKeyRow row =
              state.runKey(runKey)
                  .orElseThrow(
                      () -> FlowException.notFound("run_key reservation not found: " + runKey));
          String requested = v.requestFingerprint().orElseThrow();
          String stored =
              row.requestFingerprint()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "run_key " + runKey + " was reserved without a fingerprint"));
          if (!stored.equals(requested)) {
            throw FlowException.conflict(
                "run_key '" + runKey + "' already reserved with different fingerprint");
          }
          return new RunKeyBackfillResult(runKey, row.runId(), stored, false, row.createdAt());
        });
  }

  /** The run view, or 404 {@code run not found: {id}}. */
  public RunView getRun(Scope scope, String runId) {
    WorkspaceEngine ws = workspace(scope);
    Optional<RunView> live = ws.read(s -> RunViews.ofLive(s, runId));
    if (live.isPresent()) {
      return live.get();
    }
    // Finished runs are read from history without the workspace lock (decisions §3).
    return store.finishedRun(scope, runId)
        .or(() -> ws.read(s -> s.finishedRun(runId)))
        .map(RunViews::ofFinished)
        .orElseThrow(() -> FlowException.notFound("run not found: " + runId));
  }

  /**
   * A page of runs: the live ones under the workspace's read lock, then the finished ones from the
   * history index without it, merged (a run that ended in between appears once, finished).
   */
  public RunPage listRuns(Scope scope, RunListQuery query) {
    WorkspaceEngine ws = workspace(scope);
    var live = ws.read(s -> RunLists.live(s, query));
    var window = RunLists.historyQuery(query, live.size());
    return RunLists.merge(live, store.finishedRuns(scope, window), query, window.skip());
  }

  /**
   * Cancels a run (api-contract §3.5): 404 when missing; the current state when a cancel was
   * already requested; 409 when the run is terminal; otherwise appends {@code RunCancelRequested}.
   */
  public CancelResult cancelRun(Scope scope, String runId, Optional<String> reason, String principal) {
    return run(
        scope,
        ctx -> {
          RunRow run =
              ctx.state()
                  .run(runId)
                  .orElseThrow(() -> FlowException.notFound("run not found: " + runId));
          if (!run.cancelRequested()) {
            if (run.state().isTerminal()) {
              throw new FlowException(new FlowError.TerminalRun(runId, run.state().name()));
            }
            ctx.emit(new RunCancelRequested(runId, reason, principal));
          }
          RunRow now = ctx.state().run(runId).orElseThrow();
          return new CancelResult(runId, RunViews.publicState(ctx.state(), now), ctx.now());
        });
  }

  // ---- partitions, staleness and reconciliation -------------------------------------------------

  /**
   * A page of partition status rows (api-contract §11, decisions §6.5), staleness judged against
   * the latest manifest at the engine's current time; at most {@code limit + 1} rows.
   */
  public List<PartitionStatusView> listPartitions(Scope scope, PartitionQuery query) {
    WorkspaceEngine ws = workspace(scope);
    Optional<StoredManifestDocument> latest = ws.manifests.latestDocument();
    Instant now = now();
    return read(scope, s -> PartitionViews.list(s, Staleness.of(s, latest, now), query));
  }

  /** Counts over an asset's partitions, or 404 {@code no partitions found for asset: {assetKey}}. */
  public PartitionSummary partitionSummary(Scope scope, String assetKey) {
    WorkspaceEngine ws = workspace(scope);
    Optional<StoredManifestDocument> latest = ws.manifests.latestDocument();
    Instant now = now();
    return read(scope, s -> PartitionViews.summary(s, Staleness.of(s, latest, now), assetKey))
        .orElseThrow(() -> FlowException.notFound("no partitions found for asset: " + assetKey));
  }

  /**
   * Stale partitions and unpartitioned assets (decisions §2.6, §6.5) after {@code after}, for one
   * asset or all, in (asset key, partition key) order; at most {@code limit + 1} entries.
   */
  public List<StalenessView> staleness(
      Scope scope, Optional<String> assetKey, Optional<PartitionCursor> after, int limit) {
    WorkspaceEngine ws = workspace(scope);
    Optional<StoredManifestDocument> latest = ws.manifests.latestDocument();
    Instant now = now();
    return read(
        scope,
        s -> StalenessReport.list(s, Staleness.of(s, latest, now), assetKey, after, limit));
  }

  /** The runs a reconciliation would trigger, without side effects (decisions §6.10). */
  public List<ReconciliationRun> planReconciliation(Scope scope, ReconciliationRequest request) {
    WorkspaceEngine ws = workspace(scope);
    Optional<StoredManifestDocument> latest = ws.manifests.latestDocument();
    Instant now = now();
    return read(scope, s -> Reconciliation.plan(s, latest, now, request));
  }

  /**
   * Triggers the planned runs in one command (decisions §6.10); their run keys make a repeat
   * answer the same runs with {@code created} false.
   */
  public List<AppliedRun> applyReconciliation(
      Scope scope, ReconciliationRequest request, String principal) {
    WorkspaceEngine ws = workspace(scope);
    return run(scope, ctx -> Reconciliation.apply(ctx, ws.manifests, request, principal));
  }

  // ---- worker protocol -------------------------------------------------------------------------

  /**
   * Leases up to {@code maxTasks} claimable tasks to a worker (decisions §2.1: the dispatch is the
   * lease). Waits up to {@code waitMs} of wall time for work when none is claimable.
   */
  public List<LeasedTask> lease(Scope scope, LeaseRequest request) {
    return leaseWork(scope, request).tasks();
  }

  /**
   * Leases run tasks and, when the worker polls queue {@code sensors}, due poll-sensor evaluations
   * (decisions §6.7) — sensors first, up to {@code maxTasks} in all. Waits up to {@code waitMs} of
   * wall time for work when there is none.
   */
  public LeaseBatch leaseWork(Scope scope, LeaseRequest request) {
    request.validate();
    WorkspaceEngine ws = workspace(scope);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.waitMs());
    while (true) {
      if (closed) {
        return new LeaseBatch(List.of(), List.of());
      }
      long seen = ws.commits();
      LeaseBatch raw = join(ws.submit(ctx -> leaseNow(ctx, ws, request)));
      LeaseBatch leased =
          new LeaseBatch(
              raw.tasks().stream().map(t -> t.withExecutionJson(executionOf(ws, t))).toList(),
              raw.sensorEvaluations());
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (!leased.isEmpty() || left <= 0 || closed) {
        return leased;
      }
      try {
        ws.awaitCommitAfter(seen, Math.min(left, 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new LeaseBatch(List.of(), List.of());
      }
    }
  }

  private static LeaseBatch leaseNow(CommandContext ctx, WorkspaceEngine ws, LeaseRequest request) {
    List<LeasedSensorEvaluation> sensors =
        request.queues().contains(LeasedSensorEvaluation.QUEUE)
            ? SensorCommands.lease(ctx, ws.manifests, request.workerId(), request.maxTasks())
            : List.of();
    FoldState state = ctx.state();
    List<LeasedTask> out = new ArrayList<>();
    var claimable =
        ClaimableTasks.find(
            state,
            new LinkedHashSet<>(request.queues()),
            ctx.now(),
            request.maxTasks() - sensors.size());
    for (ClaimableTasks.Claimable c : claimable) {
      TaskRow t = c.task();
      int attempt = t.state() == TaskState.RETRY_WAIT ? t.attempt() + 1 : Math.max(t.attempt(), 1);
      String dispatchId = Ids.dispatchId(t.runId(), t.taskKey(), attempt);
      String attemptId = Ids.attemptId(dispatchId);
      boolean applied =
          ctx.emit(
              new DispatchRequested(
                  t.runId(), t.taskKey(), attempt, attemptId, t.workerQueue(), dispatchId));
      if (!applied) {
        continue;
      }
      ctx.emit(
          new DispatchEnqueued(
              dispatchId,
              Optional.of(t.runId()),
              Optional.of(t.taskKey()),
              Optional.of(attempt),
              Optional.of(request.workerId())));
      out.add(leasedTask(ctx.scope(), state, state.task(t.runId(), t.taskKey()).orElseThrow()));
    }
    return new LeaseBatch(out, sensors);
  }

  /** The asset's {@code execution} object from the run's manifest, as JSON text. */
  private static Optional<String> executionOf(WorkspaceEngine ws, LeasedTask t) {
    if (t.manifestId().isEmpty() || t.assetKey().isEmpty()) {
      return Optional.empty();
    }
    return ws.manifests
        .byId(t.manifestId().get())
        .flatMap(d -> d.manifest().asset(t.assetKey().get()))
        .flatMap(a -> a.opaque().execution())
        .map(JsonNode::toString);
  }

  static LeasedTask leasedTask(Scope scope, FoldState state, TaskRow t) {
    Optional<RunRow> run = state.run(t.runId());
    return new LeasedTask(
        scope,
        t.runId(),
        t.taskKey(),
        t.attempt(),
        t.attemptId().orElse(""),
        Ids.dispatchId(t.runId(), t.taskKey(), t.attempt()),
        t.workerQueue(),
        t.assetKey(),
        t.partitionKey(),
        t.heartbeatTimeoutSec(),
        run.flatMap(RunRow::manifestId),
        Optional.empty());
  }

  /** The {@code /started} callback: checks in the contract's order, then {@code TaskStarted}. */
  public TaskCallbacks.StartedAck taskStarted(TaskCallbacks.Started req) {
    CallbackChecks.checkAttemptField(req.attempt());
    RequestLimits.identifier("workerId", req.workerId());
    return run(
        scopeOf(req.claims()),
        ctx -> {
          TaskRow t = CallbackChecks.lookup(ctx.state(), req.pathTaskId(), req.claims());
          CallbackChecks.checkClaims(CallbackChecks.Kind.STARTED, t, req.pathTaskId(), req.claims());
          CallbackChecks.checkState(CallbackChecks.Kind.STARTED, t, req.attempt(), req.attemptId());
          boolean cancel = ctx.state().run(t.runId()).map(RunRow::cancelRequested).orElse(false);
          if (cancel) {
            throw new FlowException(
                FlowError.CallbackRejected.withState(
                    FlowError.CallbackErrorKind.TASK_ALREADY_TERMINAL,
                    "Task is already in terminal state: CANCELLED",
                    "CANCELLED"));
          }
          ctx.emit(
              new TaskStarted(
                  t.runId(), t.taskKey(), t.attempt(), t.attemptId().orElse(""), req.workerId()));
          return new TaskCallbacks.StartedAck(ctx.now());
        });
  }

  /** The {@code /heartbeat} callback; answers whether the worker should cancel. */
  public TaskCallbacks.HeartbeatAck taskHeartbeat(TaskCallbacks.Heartbeat req) {
    CallbackChecks.checkAttemptField(req.attempt());
    RequestLimits.identifier("workerId", req.workerId());
    if (req.progressPct().isPresent() && (req.progressPct().get() < 0 || req.progressPct().get() > 100)) {
      throw CallbackChecks.reject(
          FlowError.CallbackErrorKind.INVALID_ARGUMENT,
          "Invalid progressPct: must be between 0 and 100");
    }
    Scope scope = scopeOf(req.claims());
    return run(
        scope,
        ctx -> {
          TaskRow t = CallbackChecks.lookup(ctx.state(), req.pathTaskId(), req.claims());
          CallbackChecks.checkClaims(CallbackChecks.Kind.HEARTBEAT, t, req.pathTaskId(), req.claims());
          CallbackChecks.checkState(
              CallbackChecks.Kind.HEARTBEAT, t, req.attempt(), req.attemptId());
          ctx.emit(
              new TaskHeartbeat(
                  t.runId(),
                  t.taskKey(),
                  t.attempt(),
                  t.attemptId().orElse(""),
                  req.workerId(),
                  Optional.of(ctx.now()),
                  req.progressPct(),
                  req.message()));
          boolean cancel = ctx.state().run(t.runId()).map(RunRow::cancelRequested).orElse(false);
          return new TaskCallbacks.HeartbeatAck(
              cancel,
              cancel ? Optional.of("user_requested") : Optional.empty(),
              ctx.now(),
              leasedTask(scope, ctx.state(), t));
        });
  }

  /**
   * The {@code /completed} callback: one {@code TaskCompletionRecorded} for the attempt. A late or
   * conflicting completion of an attempt that already has a terminal result is 409 and appends
   * nothing; the applied completion, redelivered, is acknowledged again (decisions §7.1).
   */
  public TaskCallbacks.CompletedAck taskCompleted(TaskCallbacks.Completed req) {
    CallbackChecks.checkAttemptField(req.attempt());
    RequestLimits.identifier("workerId", req.workerId());
    return run(
        scopeOf(req.claims()),
        ctx -> {
          TaskRow t = CallbackChecks.lookup(ctx.state(), req.pathTaskId(), req.claims());
          CallbackChecks.checkClaims(CallbackChecks.Kind.COMPLETED, t, req.pathTaskId(), req.claims());
          if (CallbackChecks.checkCompleted(t, req.attempt(), req.attemptId(), req.outcome())
              == CallbackChecks.Completion.REDELIVERED) {
            return new TaskCallbacks.CompletedAck(req.outcome(), ctx.now());
          }
          Optional<TaskError> error =
              req.error()
                  .map(
                      e ->
                          new TaskError(
                              e.category(),
                              e.message(),
                              e.stackTrace(),
                              Optional.of(e.effectiveRetryable())));
          Optional<OutputVisibilityUpdate> visibility =
              req.outcome() == TaskOutcome.SUCCEEDED
                  ? req.output()
                      .flatMap(
                          o ->
                              o.outputVisibilityState()
                                  .map(
                                      v -> new OutputVisibilityUpdate(v, o.publishedAt(), o.publishError())))
                  : Optional.empty();
          ctx.emit(
              new TaskCompletionRecorded(
                  t.runId(),
                  t.taskKey(),
                  t.attempt(),
                  t.attemptId().orElse(""),
                  req.workerId(),
                  req.outcome(),
                  req.output().flatMap(TaskOutput::materializationId),
                  error.map(TaskError::message),
                  req.output(),
                  error,
                  req.metrics(),
                  req.cancelledDuringPhase(),
                  req.partialProgressJson(),
                  t.assetKey(),
                  t.partitionKey(),
                  ctx.state().run(t.runId()).flatMap(RunRow::codeVersion),
                  visibility,
                  Optional.empty()));
          return new TaskCallbacks.CompletedAck(req.outcome(), ctx.now());
        });
  }

  /** A worker's log upload with its task token: same storage and 409 as the run log upload. */
  public LogUpload taskLogs(TaskCallbacks.Logs req) {
    CallbackChecks.checkAttemptField(req.attempt());
    Scope scope = scopeOf(req.claims());
    TaskRow t =
        read(
            scope,
            s -> {
              TaskRow row = CallbackChecks.lookup(s, req.pathTaskId(), req.claims());
              CallbackChecks.checkClaims(CallbackChecks.Kind.LOGS, row, req.pathTaskId(), req.claims());
              return row;
            });
    if (req.attempt() != t.attempt()) {
      throw new FlowException(
          new FlowError.CallbackRejected(
              FlowError.CallbackErrorKind.ATTEMPT_MISMATCH,
              "Expected attempt " + t.attempt() + ", received " + req.attempt(),
              Optional.empty(),
              Optional.of(t.attempt()),
              Optional.of(req.attempt()),
              Optional.empty(),
              Optional.empty()));
    }
    return uploadLogs(scope, t.runId(), t.taskKey(), req.attempt(), req.stdout(), req.stderr());
  }

  private static Scope scopeOf(TaskTokenClaims claims) {
    return new Scope(claims.tenantId(), claims.workspaceId());
  }

  // ---- logs ------------------------------------------------------------------------------------

  /**
   * Stores an attempt's stdout and stderr (api-contract §3.6). The run is not checked for
   * existence; a second upload for the same attempt is 409.
   */
  public LogUpload uploadLogs(
      Scope scope, String runId, String taskKey, int attempt, String stdout, String stderr) {
    if (attempt < 1) {
      throw FlowException.invalid("attempt must be >= 1");
    }
    validateTaskKey(taskKey);
    long size =
        (long) stdout.getBytes(StandardCharsets.UTF_8).length
            + stderr.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_LOG_BYTES) {
      throw FlowException.invalid("logs exceed " + MAX_LOG_BYTES + " bytes");
    }
    String path = "logs/" + runId + "/" + taskKey + "/attempt-" + attempt + ".log";
    byte[] content =
        ("=== stdout ===\n" + stdout + "\n=== stderr ===\n" + stderr + "\n")
            .getBytes(StandardCharsets.UTF_8);
    workspace(scope);
    if (!store.putLog(scope, new LogRecord(path, content))) {
      throw FlowException.conflict("logs already exist for task attempt");
    }
    return new LogUpload(path, content.length);
  }

  /**
   * Reads a page of a run's logs (api-contract §3.7): objects in path order after {@code
   * afterPath}, concatenated, within {@code limit} objects and an 8 MiB budget.
   */
  public LogPage readLogs(
      Scope scope, String runId, Optional<String> taskKey, Optional<String> afterPath, int limit) {
    taskKey.ifPresent(Engine::validateTaskKey);
    String prefix = "logs/" + runId + "/" + taskKey.map(k -> k + "/").orElse("");
    if (afterPath.isPresent() && !afterPath.get().startsWith(prefix)) {
      throw FlowException.invalid("invalid log cursor");
    }
    List<LogRecord> logs = store.logs(scope, prefix, afterPath, limit + 1);
    if (logs.isEmpty() && afterPath.isEmpty()) {
      throw FlowException.notFound("logs not found");
    }
    StringBuilder body = new StringBuilder();
    long used = 0;
    String last = null;
    boolean more = false;
    for (int i = 0; i < logs.size(); i++) {
      if (i == limit) {
        more = true;
        break;
      }
      LogRecord r = logs.get(i);
      long cost = r.path().length() + r.content().length + 10L;
      if (used + cost > LOG_PAGE_BUDGET) {
        if (i == 0) {
          throw new IllegalStateException("log object exceeds the page budget: " + r.path());
        }
        more = true;
        break;
      }
      used += cost;
      String content = new String(r.content(), StandardCharsets.UTF_8);
      body.append("--- ").append(r.path()).append(" ---\n").append(content);
      if (!content.endsWith("\n")) {
        body.append('\n');
      }
      last = r.path();
    }
    return new LogPage(body.toString(), more ? Optional.ofNullable(last) : Optional.empty());
  }

  /**
   * Task keys are a canonical asset key, optionally followed by {@code @} and a canonical
   * partition key (flow-model §0.3.10); anything else is 400 {@code invalid task_key} (decisions
   * §7.10).
   */
  static void validateTaskKey(String taskKey) {
    if (!TaskKeys.isValid(taskKey)) {
      throw FlowException.invalid("invalid task_key");
    }
  }

  // ---- operations ------------------------------------------------------------------------------

  /** Empty when the engine can serve; otherwise why not (the store cannot be read). */
  public Optional<String> readiness() {
    if (closed) {
      return Optional.of("engine is shutting down");
    }
    try {
      store.scopes();
    } catch (RuntimeException e) {
      return Optional.of("store unavailable: " + e.getMessage());
    }
    Optional<String> writes = storeWrites.problem();
    if (writes.isPresent()) {
      return writes;
    }
    for (Scope scope : new java.util.TreeSet<>(workspaces.keySet())) {
      Optional<String> snapshot = workspaces.get(scope).snapshotProblem();
      if (snapshot.isPresent()) {
        return snapshot;
      }
    }
    return Optional.empty();
  }

  /** Per-workspace counters, in scope order. */
  public List<WorkspaceStats> stats() {
    List<WorkspaceStats> out = new ArrayList<>();
    for (Scope scope : new java.util.TreeSet<>(workspaces.keySet())) {
      WorkspaceEngine ws = workspaces.get(scope);
      out.add(
          ws.read(
              s -> {
                java.util.TreeMap<String, Long> byState = new java.util.TreeMap<>();
                RunQueue queue = RunQueue.of(s);
                for (RunRow r : s.runs().values()) {
                  byState.merge(RunViews.publicState(s, r, queue).name(), 1L, Long::sum);
                }
                s.finishedRunCounts().forEach((st, n) -> byState.merge(st.name(), n, Long::sum));
                return new WorkspaceStats(scope, byState, s.openRuns().size(), ws.head());
              }));
    }
    return out;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /**
   * Stops the ticker, drains every workspace, waits for the snapshots in flight, writes final
   * snapshots and closes the store. {@link #closeFailures()} then tells which final snapshots
   * failed.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    for (WorkspaceEngine ws : workspaces.values()) {
      if (!ws.close()) {
        closeFailures.add(
            ws.snapshotProblem().orElse("the final snapshot of workspace " + ws.scope + " failed"));
      }
    }
    snapshotter.shutdown();
    store.close();
    LOG.info("engine closed");
  }

  /**
   * Waits until no workspace has a snapshot being saved or waiting to be (tests; a tool about to
   * copy the store).
   */
  public void awaitSnapshots() {
    for (WorkspaceEngine ws : workspaces.values()) {
      ws.awaitSnapshot();
    }
  }

  /**
   * After {@link #close()}: why the final snapshots of some workspaces failed, one line each; empty
   * when all were written (decisions §7.8: shutdown then exits 1).
   */
  public List<String> closeFailures() {
    return List.copyOf(closeFailures);
  }
}
