package io.arco.flow.engine;

import io.arco.flow.control.BackfillController;
import io.arco.flow.control.Controller;
import io.arco.flow.control.RunRequestProcessor;
import io.arco.flow.control.ScheduleController;
import io.arco.flow.control.TimerController;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
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
 * The engine's workspaces and the plumbing every service shares: each workspace's single writer
 * (loaded at open, created on first use), running a command on it and waiting for the answer,
 * reading its projections, the controller ticker, and closing them all.
 */
final class Workspaces {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  final EventStore store;
  final InstantSource clock;
  private final IdGenerator ids;
  private final EngineOptions options;
  private final List<Controller> controllers;
  private final Map<Scope, WorkspaceEngine> workspaces = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;
  /** Encodes and saves every workspace's snapshots, one at a time, off the writers. */
  private final ExecutorService snapshotter =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("arco-snapshots").unstarted(r));
  final StoreWrites storeWrites = new StoreWrites();
  private final List<String> closeFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;
  /** Several serving nodes only (decisions §7.11): this node's part in the cluster. */
  private final java.util.Optional<ClusterMember> member;

  /**
   * Loads and checks every workspace the store knows, then starts the ticker unless the clock is
   * manual or the tick interval zero.
   *
   * @throws LogIntegrityException if a workspace's log fails its checks; nothing is left running
   */
  Workspaces(EventStore store, InstantSource clock, IdGenerator ids, EngineOptions options) {
    this.store = store;
    this.clock = clock;
    this.ids = ids;
    this.options = options;
    this.controllers =
        List.of(
            new TimerController(),
            new ScheduleController(),
            new BackfillController(),
            new RunRequestProcessor());
    if (options.cluster().isPresent()) {
      if (!(store instanceof io.arco.flow.store.ClusterStore leases)) {
        throw new IllegalArgumentException(
            "several serving nodes need a PostgreSQL store (--database-url jdbc:postgresql://...)");
      }
      member = java.util.Optional.of(new ClusterMember(leases, store, options.cluster().get(), this));
    } else {
      member = java.util.Optional.empty();
    }
    try {
      // Built outside the map: a computeIfAbsent in progress can block others on the same bin.
      WorkspaceLoading.loadAll(store.scopes(), scope -> workspaces.put(scope, newWorkspace(scope)));
    } catch (RuntimeException e) {
      workspaces.values().forEach(WorkspaceEngine::close);
      snapshotter.shutdown();
      throw e;
    }
    member.ifPresent(ClusterMember::start);
    if (!(clock instanceof ManualClock) && !options.tickInterval().isZero()) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("arco-ticker").unstarted(r));
      long ms = options.tickInterval().toMillis();
      ticker.scheduleWithFixedDelay(this::tickAll, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  Instant now() {
    return clock.instant();
  }

  boolean closed() {
    return closed;
  }

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
        storeWrites,
        options.observer(),
        member.map(ClusterMember::seat));
  }

  /** Where a command for {@code scope} must run (always here on a single node). */
  WriterRoute route(Scope scope) {
    return member.map(m -> m.route(scope)).orElseGet(WriterRoute.Local::new);
  }

  /** The cluster as the database has it; empty on a single node. */
  java.util.Optional<ClusterStatus> clusterStatus() {
    try {
      return member.map(ClusterMember::status);
    } catch (io.arco.flow.error.StoreException e) {
      throw new io.arco.flow.error.FlowException(
          new io.arco.flow.error.FlowError.StoreUnavailable("cannot read the cluster's leases: " + e.getMessage()));
    }
  }

  /** The loaded workspaces in scope order. */
  SortedMap<Scope, WorkspaceEngine> loaded() {
    return new TreeMap<>(workspaces);
  }

  /** Reads the projections of a workspace under its read lock. */
  <R> R read(Scope scope, Function<FoldState, R> reader) {
    return workspace(scope).read(reader);
  }

  /** Runs a command on the workspace's writer; answers once its batch is durable. */
  <R> R run(Scope scope, Command<R> command) {
    return join(workspace(scope).submit(command));
  }

  static <R> R join(CompletableFuture<R> f) {
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

  /** The workspace a task token names. */
  static Scope scopeOf(TaskTokenClaims claims) {
    return new Scope(claims.tenantId(), claims.workspaceId());
  }

  // ---- controller passes -----------------------------------------------------------------------

  /** Runs a controller pass in every loaded workspace and waits for them. */
  void tickAllAndWait() {
    List<CompletableFuture<Boolean>> all = new ArrayList<>();
    for (WorkspaceEngine ws : workspaces.values()) {
      if (ws.writes()) {
        all.add(ws.submit(ctx -> Boolean.TRUE));
      }
    }
    for (CompletableFuture<Boolean> f : all) {
      try {
        join(f);
      } catch (io.arco.flow.error.FlowException e) {
        if (!(e.error() instanceof io.arco.flow.error.FlowError.WriterUnavailable)) {
          throw e;
        }
        // The lease moved meanwhile: the new writer runs the controllers.
      }
    }
  }

  private void tickAll() {
    if (closed) {
      return;
    }
    for (WorkspaceEngine ws : workspaces.values()) {
      if (ws.writes()) {
        ws.submit(ctx -> Boolean.TRUE);
      }
    }
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /**
   * Stops the ticker, drains every workspace, waits for the snapshots in flight, writes final
   * snapshots and closes the store, keeping which final snapshots failed.
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    member.ifPresent(ClusterMember::close);
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

  /** Waits until no workspace has a snapshot being saved or waiting to be. */
  void awaitSnapshots() {
    for (WorkspaceEngine ws : workspaces.values()) {
      ws.awaitSnapshot();
    }
  }

  /** After {@link #close()}: why the final snapshots of some workspaces failed, one line each. */
  List<String> closeFailures() {
    return List.copyOf(closeFailures);
  }
}
