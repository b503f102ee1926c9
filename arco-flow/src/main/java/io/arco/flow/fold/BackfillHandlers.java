package io.arco.flow.fold;

import io.arco.flow.event.BackfillChunkPlanned;
import io.arco.flow.event.BackfillCreated;
import io.arco.flow.event.BackfillStateChanged;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.ChunkState;
import io.arco.flow.model.RunState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fold steps of backfills (flow-model part 4 §3.6 with §0.3.9): creation (RUNNING, version 1),
 * chunks, versioned state changes (a retry-failed FAILED→RUNNING starts a new round over the
 * partitions whose latest chunk did not succeed), and chunk states that follow their runs.
 */
final class BackfillHandlers {
  private BackfillHandlers() {}

  static boolean created(FoldStep step, BackfillCreated e) {
    FoldState s = step.state();
    if (s.backfills.containsKey(e.backfillId())) {
      return false;
    }
    s.backfills.put(
        e.backfillId(),
        new BackfillRow(
            e.backfillId(),
            e.clientRequestId(),
            e.assetSelection(),
            e.codeVersion(),
            e.partitionSelector(),
            e.totalPartitions(),
            Math.max(1, e.chunkSize()),
            Math.max(1, e.maxConcurrentRuns()),
            e.parentBackfillId(),
            e.manifestId(),
            e.dynamicMembers(),
            BackfillState.RUNNING,
            1,
            BackfillChunkCounts.ZERO,
            BackfillRound.first(),
            step.at(),
            Optional.empty(),
            step.eventId()));
    return true;
  }

  static boolean chunkPlanned(FoldStep step, BackfillChunkPlanned e) {
    FoldState s = step.state();
    BackfillRow bf = s.backfills.get(e.backfillId());
    BackfillChunkRow old = s.backfillChunks.get(e.chunkId());
    if (bf == null || old != null) {
      return false;
    }
    BackfillChunkRow chunk =
        new BackfillChunkRow(
            e.chunkId(),
            e.backfillId(),
            e.chunkIndex(),
            e.partitionKeys(),
            e.runKey(),
            Optional.empty(),
            ChunkState.PLANNED,
            e.retryRound(),
            step.eventId());
    s.backfillChunks.put(e.chunkId(), chunk);
    BackfillRound r = bf.round();
    if (e.retryRound() == r.round() && e.chunkIndex() == r.startIndex() + r.planned()) {
      r = r.withPlanned(r.planned() + 1);
    }
    s.backfills.put(bf.backfillId(), bf.with(bf.chunkCounts().add(ChunkState.PLANNED, 1), r, step.eventId()));
    s.runKeyAsOf(e.runKey()).ifPresent(k -> linkRun(step, e.chunkId(), k.runId()));
    return true;
  }

  /**
   * Applied only when the backfill exists, the event is newer than the row, the row is in {@code
   * fromState}, the transition is valid and the version is current + 1 (flow-model part 4 §3.3).
   */
  static boolean stateChanged(FoldStep step, BackfillStateChanged e) {
    FoldState s = step.state();
    BackfillRow bf = s.backfills.get(e.backfillId());
    if (bf == null
        || step.eventId().compareTo(bf.rowVersion()) <= 0
        || bf.state() != e.fromState()
        || !e.fromState().canMoveTo(e.toState())
        || e.stateVersion() != bf.stateVersion() + 1) {
      return false;
    }
    BackfillRound round = bf.round();
    if (e.fromState() == BackfillState.FAILED && e.toState() == BackfillState.RUNNING) {
      round =
          new BackfillRound(
              round.round() + 1, bf.plannedChunks(), unsucceededPartitions(s, bf), 0, 0, 0);
    }
    Optional<java.time.Instant> ended =
        e.toState().isTerminal() ? Optional.of(step.at()) : Optional.empty();
    s.backfills.put(
        bf.backfillId(), bf.withState(e.toState(), e.stateVersion(), round, ended, step.eventId()));
    return true;
  }

  /**
   * The sorted partitions whose latest chunk (highest index holding them) did not succeed: what a
   * retry-failed round plans.
   */
  static List<String> unsucceededPartitions(FoldState s, BackfillRow bf) {
    Map<String, ChunkState> latest = new HashMap<>();
    for (int i = 0; i < bf.plannedChunks(); i++) {
      BackfillChunkRow c = s.backfillChunks.get(chunkId(bf.backfillId(), i));
      if (c == null) {
        continue;
      }
      for (String key : c.partitionKeys()) {
        latest.put(key, c.state());
      }
    }
    List<String> out = new ArrayList<>();
    latest.forEach(
        (key, state) -> {
          if (state != ChunkState.SUCCEEDED) {
            out.add(key);
          }
        });
    out.sort(null);
    return out;
  }

  static String chunkId(String backfillId, int index) {
    return backfillId + ":" + index;
  }

  /** Links a chunk to its run (from the run_key index) and brings its state in line with the run. */
  static void linkRun(FoldStep step, String chunkId, String runId) {
    FoldState s = step.state();
    BackfillChunkRow c = s.backfillChunks.get(chunkId);
    if (c == null || c.runId().isPresent()) {
      return;
    }
    s.backfillChunks.put(chunkId, c.with(Optional.of(runId), c.state(), step.eventId()));
    s.chunkByRun.put(runId, chunkId);
    runChanged(step, runId);
  }

  /** A run changed: the chunk it belongs to, if any, follows its state. */
  static void runChanged(FoldStep step, String runId) {
    FoldState s = step.state();
    String chunkId = s.chunkByRun.get(runId);
    if (chunkId == null) {
      return;
    }
    BackfillChunkRow c = s.backfillChunks.get(chunkId);
    // A chunk whose run key names a run that already ended follows that run from history.
    RunRow run = s.runs.get(runId);
    if (run == null) {
      run = s.finishedRunAsOf(runId).map(FinishedRun::run).orElse(null);
    }
    if (c == null || run == null || c.state().isTerminal()) {
      return;
    }
    ChunkState next = chunkStateOf(run.state());
    if (next == c.state()) {
      return;
    }
    s.backfillChunks.put(chunkId, c.with(c.runId(), next, step.eventId()));
    BackfillRow bf = s.backfills.get(c.backfillId());
    if (bf == null) {
      return;
    }
    BackfillChunkCounts counts = bf.chunkCounts().add(c.state(), -1).add(next, 1);
    BackfillRound r = bf.round();
    if (next.isTerminal() && c.retryRound() == r.round()) {
      r =
          next == ChunkState.SUCCEEDED
              ? r.withEnded(r.succeeded() + 1, r.failed())
              : r.withEnded(r.succeeded(), r.failed() + 1);
    }
    s.backfills.put(bf.backfillId(), bf.with(counts, r, step.eventId()));
  }

  private static ChunkState chunkStateOf(RunState run) {
    return switch (run) {
      case SUCCEEDED -> ChunkState.SUCCEEDED;
      case FAILED -> ChunkState.FAILED;
      case CANCELLED -> ChunkState.CANCELLED;
      case TRIGGERED, RUNNING -> ChunkState.RUNNING;
    };
  }
}
