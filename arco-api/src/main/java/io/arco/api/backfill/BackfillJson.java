package io.arco.api.backfill;

import io.arco.flow.model.PartitionSelector;
import io.arco.flow.query.BackfillChunkView;
import io.arco.flow.query.BackfillView;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wire forms of backfills and chunks (api-contract §10.2), absent fields omitted. */
final class BackfillJson {
  private BackfillJson() {}

  static Map<String, Object> backfill(BackfillView b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backfillId", b.backfillId());
    m.put("assetSelection", b.assetSelection());
    m.put("partitionSelector", selector(b.partitionSelector()));
    m.put("chunkSize", b.chunkSize());
    m.put("maxConcurrentRuns", b.maxConcurrentRuns());
    m.put("state", b.state().name());
    m.put("stateVersion", b.stateVersion());
    m.put("createdAt", b.createdAt());
    BackfillView.ChunkCounts c = b.chunkCounts();
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("total", c.total());
    counts.put("pending", c.pending());
    counts.put("running", c.running());
    counts.put("succeeded", c.succeeded());
    counts.put("failed", c.failed());
    counts.put("cancelled", c.cancelled());
    m.put("chunkCounts", counts);
    m.put("totalPartitions", b.totalPartitions());
    m.put("retryRound", b.retryRound());
    b.parentBackfillId().ifPresent(v -> m.put("parentBackfillId", v));
    b.codeVersion().ifPresent(v -> m.put("codeVersion", v));
    b.endedAt().ifPresent(v -> m.put("endedAt", v));
    return m;
  }

  static Map<String, Object> selector(PartitionSelector s) {
    Map<String, Object> m = new LinkedHashMap<>();
    switch (s) {
      case PartitionSelector.Range r -> {
        m.put("type", "range");
        m.put("start", r.start());
        m.put("end", r.end());
      }
      case PartitionSelector.Explicit e -> {
        m.put("type", "explicit");
        m.put("partitions", e.partitionKeys());
      }
      case PartitionSelector.Filter f -> {
        m.put("type", "filter");
        m.put("filters", f.filters());
      }
    }
    return m;
  }

  static Map<String, Object> chunk(BackfillChunkView c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chunkId", c.chunkId());
    m.put("backfillId", c.backfillId());
    m.put("chunkIndex", c.chunkIndex());
    m.put("partitionKeys", c.partitionKeys());
    m.put("runKey", c.runKey());
    c.runId().ifPresent(v -> m.put("runId", v));
    m.put("state", c.state().name());
    m.put("retryRound", c.retryRound());
    return m;
  }
}
