package io.arco.flow.engine;

import io.arco.flow.control.RunQueue;
import io.arco.flow.error.FlowException;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.model.Scope;
import io.arco.flow.query.RunViews;
import io.arco.flow.store.EventStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operating the engine: its clock (the manual clock moves only forward and runs a controller pass
 * in every workspace), the secrets kept in the store, readiness, per-workspace counters, and
 * rebuilding a workspace from its log.
 */
final class OpsService {
  private final Workspaces workspaces;
  private final Optional<ManualClock> manualClock;

  OpsService(Workspaces workspaces) {
    this.workspaces = workspaces;
    this.manualClock =
        workspaces.clock instanceof ManualClock m ? Optional.of(m) : Optional.empty();
  }

  static RebuildReport rebuild(EventStore store, Scope scope) {
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

  Instant now() {
    return workspaces.now();
  }

  boolean hasManualClock() {
    return manualClock.isPresent();
  }

  Instant moveClock(Instant target) {
    ManualClock m = manualClock.orElseThrow(() -> FlowException.notFound("route not found"));
    try {
      m.moveTo(target);
    } catch (IllegalArgumentException e) {
      throw FlowException.invalid(e.getMessage());
    }
    workspaces.tickAllAndWait();
    return m.instant();
  }

  byte[] secret(String name) {
    return workspaces.store.metadata(
        "secret:" + name,
        () -> {
          byte[] b = new byte[32];
          new SecureRandom().nextBytes(b);
          return b;
        });
  }

  // ---- operations ------------------------------------------------------------------------------

  Optional<String> readiness() {
    if (workspaces.closed()) {
      return Optional.of("engine is shutting down");
    }
    try {
      workspaces.store.scopes();
    } catch (RuntimeException e) {
      return Optional.of("store unavailable: " + e.getMessage());
    }
    Optional<String> writes = workspaces.storeWrites.problem();
    if (writes.isPresent()) {
      return writes;
    }
    for (WorkspaceEngine ws : workspaces.loaded().values()) {
      Optional<String> snapshot = ws.snapshotProblem();
      if (snapshot.isPresent()) {
        return snapshot;
      }
    }
    return Optional.empty();
  }

  List<WorkspaceStats> stats() {
    List<WorkspaceStats> out = new ArrayList<>();
    for (Map.Entry<Scope, WorkspaceEngine> e : workspaces.loaded().entrySet()) {
      Scope scope = e.getKey();
      WorkspaceEngine ws = e.getValue();
      // The backlog as it is now, read without the lock a commit in progress holds.
      int queued = ws.queued();
      int parked = ws.waiting();
      out.add(
          ws.read(
              s -> {
                java.util.TreeMap<String, Long> byState = new java.util.TreeMap<>();
                RunQueue queue = RunQueue.of(s);
                for (RunRow r : s.runs().values()) {
                  byState.merge(RunViews.publicState(s, r, queue).name(), 1L, Long::sum);
                }
                s.finishedRunCounts().forEach((st, n) -> byState.merge(st.name(), n, Long::sum));
                return new WorkspaceStats(scope, byState, s.openRuns().size(), ws.head(), queued, parked);
              }));
    }
    return out;
  }
}
