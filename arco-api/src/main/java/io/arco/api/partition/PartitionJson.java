package io.arco.api.partition;

import io.arco.flow.engine.AppliedRun;
import io.arco.flow.model.PartitionStatus;
import io.arco.flow.query.PartitionStatusMap;
import io.arco.flow.query.PartitionStatusView;
import io.arco.flow.query.PartitionSummary;
import io.arco.flow.query.ReconciliationRun;
import io.arco.flow.query.StalenessCause;
import io.arco.flow.query.StalenessView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wire forms of partition status rows and summaries (api-contract §11 plus decisions §6.5's
 * {@code status} and last-attempt fields), staleness entries and reconciliation runs (decisions
 * §6.10); absent fields omitted, {@code partitionValues} (never filled) omitted.
 */
final class PartitionJson {
  private PartitionJson() {}

  static Map<String, Object> partition(PartitionStatusView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assetKey", v.assetKey());
    m.put("partitionKey", v.partitionKey());
    m.put("status", v.status().name());
    v.lastMaterializationRunId().ifPresent(x -> m.put("lastMaterializationRunId", x));
    v.lastMaterializationAt().ifPresent(x -> m.put("lastMaterializationAt", x));
    v.lastMaterializationCodeVersion().ifPresent(x -> m.put("lastMaterializationCodeVersion", x));
    v.lastAttemptRunId().ifPresent(x -> m.put("lastAttemptRunId", x));
    v.lastAttemptAt().ifPresent(x -> m.put("lastAttemptAt", x));
    v.lastAttemptOutcome().ifPresent(x -> m.put("lastAttemptOutcome", x.name()));
    m.put("isStale", v.stale());
    v.staleness().ifPresent(s -> m.put("staleReason", s.reason().name()));
    v.staleness().flatMap(StalenessView::staleSince).ifPresent(x -> m.put("staleSince", x));
    v.deltaTable().ifPresent(x -> m.put("deltaTable", x));
    v.deltaVersion().ifPresent(x -> m.put("deltaVersion", x));
    v.deltaPartition().ifPresent(x -> m.put("deltaPartition", x));
    v.executionLineageRef().ifPresent(x -> m.put("executionLineageRef", x));
    return m;
  }

  static Map<String, Object> summary(PartitionSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assetKey", s.assetKey());
    m.put("totalPartitions", s.totalPartitions());
    m.put("materializedPartitions", s.materializedPartitions());
    m.put("stalePartitions", s.stalePartitions());
    m.put("missingPartitions", s.missingPartitions());
    m.put("failedPartitions", s.failedPartitions());
    m.put("inProgressPartitions", s.inProgressPartitions());
    return m;
  }

  /** One-letter status codes of the status map (the answer's {@code legend} lists them). */
  static final Map<PartitionStatus, Character> STATUS_CODES =
      Map.of(
          PartitionStatus.IN_PROGRESS, 'P',
          PartitionStatus.FAILED, 'F',
          PartitionStatus.MATERIALIZED, 'M',
          PartitionStatus.MISSING, 'X');

  /**
   * {@code {assetKey, total, keys, statuses, legend, stale}}: {@code statuses} is one string
   * holding one letter per key ({@code legend} maps letters to status names) and {@code stale} the
   * ascending indices of the stale keys.
   */
  static Map<String, Object> statusMap(PartitionStatusMap map) {
    StringBuilder codes = new StringBuilder(map.total());
    map.statuses().forEach(s -> codes.append(STATUS_CODES.get(s).charValue()));
    Map<String, Object> legend = new LinkedHashMap<>();
    for (PartitionStatus s : PartitionStatus.values()) {
      legend.put(String.valueOf(STATUS_CODES.get(s)), s.name());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assetKey", map.assetKey());
    m.put("total", map.total());
    m.put("keys", map.keys());
    m.put("statuses", codes.toString());
    m.put("legend", legend);
    m.put("stale", map.staleIndices());
    return m;
  }

  static Map<String, Object> stale(StalenessView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assetKey", v.assetKey());
    v.partitionKey().ifPresent(x -> m.put("partitionKey", x));
    m.put("reason", v.reason().name());
    v.staleSince().ifPresent(x -> m.put("staleSince", x));
    m.put("causes", causes(v.causes()));
    return m;
  }

  static Map<String, Object> plannedRun(ReconciliationRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assetSelection", List.of(r.assetKey()));
    r.partitionKey().ifPresent(x -> m.put("partitionKey", x));
    m.put("reasons", List.of(r.staleness().reason().name()));
    m.put("runKey", r.runKey());
    r.staleness().staleSince().ifPresent(x -> m.put("staleSince", x));
    m.put("causes", causes(r.staleness().causes()));
    return m;
  }

  static Map<String, Object> appliedRun(AppliedRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", r.runId());
    m.put("runKey", r.runKey());
    m.put("created", r.created());
    return m;
  }

  private static List<Map<String, Object>> causes(List<StalenessCause> causes) {
    return causes.stream().map(PartitionJson::cause).toList();
  }

  private static Map<String, Object> cause(StalenessCause c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reason", c.reason().name());
    c.assetKey().ifPresent(x -> m.put("assetKey", x));
    c.partitionKey().ifPresent(x -> m.put("partitionKey", x));
    c.at().ifPresent(x -> m.put("at", x));
    c.codeVersion().ifPresent(x -> m.put("codeVersion", x));
    return m;
  }
}
