package io.arco.flow.query;

import io.arco.flow.fold.BackfillChunkCounts;
import io.arco.flow.fold.BackfillChunkRow;
import io.arco.flow.fold.BackfillRow;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.ChunkState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Read models of backfills and their chunks (api-contract §10.2). */
public final class BackfillViews {
  private BackfillViews() {}

  public static Optional<BackfillView> of(FoldState state, String backfillId) {
    return state.backfill(backfillId).map(BackfillViews::view);
  }

  static BackfillView view(BackfillRow b) {
    BackfillChunkCounts c = b.chunkCounts();
    long total = Math.max(b.firstPassChunks(), b.plannedChunks());
    long ended = (long) c.running() + c.succeeded() + c.failed() + c.cancelled();
    return new BackfillView(
        b.backfillId(),
        b.assetSelection(),
        b.partitionSelector(),
        b.chunkSize(),
        b.maxConcurrentRuns(),
        b.state(),
        b.stateVersion(),
        b.createdAt(),
        new BackfillView.ChunkCounts(
            total, total - ended, c.running(), c.succeeded(), c.failed(), c.cancelled()),
        b.totalPartitions(),
        b.round().round(),
        b.parentBackfillId(),
        b.codeVersion(),
        b.endedAt());
  }

  private static final Comparator<BackfillRow> NEWEST_FIRST =
      Comparator.comparing(BackfillRow::createdAt)
          .reversed()
          .thenComparing(BackfillRow::backfillId);

  /**
   * Backfills sorted by {@code createdAt} descending then id ascending, optionally filtered by
   * state, resumed strictly after the cursor tuple; at most {@code limit + 1}.
   */
  public static List<BackfillView> list(
      FoldState state,
      Optional<BackfillState> filter,
      Optional<Instant> afterCreatedAt,
      Optional<String> afterId,
      int limit) {
    List<BackfillRow> rows = new ArrayList<>();
    for (BackfillRow b : state.backfills().values()) {
      if (filter.isPresent() && b.state() != filter.get()) {
        continue;
      }
      if (afterCreatedAt.isPresent()) {
        int c = b.createdAt().compareTo(afterCreatedAt.get());
        if (c > 0 || (c == 0 && b.backfillId().compareTo(afterId.orElse("")) <= 0)) {
          continue;
        }
      }
      rows.add(b);
    }
    rows.sort(NEWEST_FIRST);
    return rows.stream().limit(limit + 1L).map(BackfillViews::view).toList();
  }

  /**
   * Chunks of a backfill by index, from {@code afterIndex + 1}, optionally filtered by state (the
   * API's PENDING means planned but not running: PLANNED); at most {@code limit + 1}.
   */
  public static List<BackfillChunkView> chunks(
      FoldState state, BackfillRow b, Optional<ChunkState> filter, int afterIndex, int limit) {
    List<BackfillChunkView> out = new ArrayList<>();
    for (int i = Math.max(0, afterIndex + 1); i < b.plannedChunks() && out.size() <= limit; i++) {
      Optional<BackfillChunkRow> c = state.backfillChunk(b.backfillId(), i);
      if (c.isEmpty()) {
        continue;
      }
      ChunkState s = c.get().state();
      if (filter.isPresent()
          && !(s == filter.get() || (filter.get() == ChunkState.PENDING && s == ChunkState.PLANNED))) {
        continue;
      }
      out.add(chunk(c.get()));
    }
    return out;
  }

  static BackfillChunkView chunk(BackfillChunkRow c) {
    return new BackfillChunkView(
        c.chunkId(),
        c.backfillId(),
        c.chunkIndex(),
        c.partitionKeys(),
        c.runKey(),
        c.runId(),
        c.state(),
        c.retryRound());
  }
}
