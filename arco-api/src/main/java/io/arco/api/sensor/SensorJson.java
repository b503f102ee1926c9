package io.arco.api.sensor;

import io.arco.flow.engine.SensorEvaluateResult;
import io.arco.flow.model.RunRequest;
import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.model.TriggerSource;
import io.arco.flow.query.SensorEvalView;
import io.arco.flow.query.SensorView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wire forms of sensors, evaluations and evaluate answers (api-contract §9), absent fields omitted. */
final class SensorJson {
  private SensorJson() {}

  static Map<String, Object> sensor(SensorView s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sensorId", s.sensorId());
    s.cursor().ifPresent(v -> m.put("cursor", v));
    s.lastEvaluationAt().ifPresent(v -> m.put("lastEvaluationAt", v));
    m.put("status", s.status().name());
    m.put("stateVersion", s.stateVersion());
    s.kind().ifPresent(k -> m.put("kind", k.wire()));
    if (s.kind().isPresent()) {
      m.put("assetSelection", s.assetSelection());
    }
    s.minIntervalSeconds().ifPresent(v -> m.put("minIntervalSeconds", v));
    s.lastEvalId().ifPresent(v -> m.put("lastEvalId", v));
    s.nextEvaluationAt().ifPresent(v -> m.put("nextEvaluationAt", v));
    s.lease()
        .ifPresent(
            l -> {
              Map<String, Object> lease = new LinkedHashMap<>();
              lease.put("stateVersion", l.stateVersion());
              lease.put("workerId", l.workerId());
              lease.put("leasedAt", l.leasedAt());
              m.put("lease", lease);
            });
    return m;
  }

  /** The status object {@code {"status":…[,"message":…]}}. */
  static Map<String, Object> status(SensorEvalStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", s.wireName());
    if (s instanceof SensorEvalStatus.Error e) {
      m.put("message", e.message());
    }
    return m;
  }

  static Map<String, Object> eval(SensorEvalView e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("evalId", e.evalId());
    m.put("sensorId", e.sensorId());
    e.cursorBefore().ifPresent(v -> m.put("cursorBefore", v));
    e.cursorAfter().ifPresent(v -> m.put("cursorAfter", v));
    m.put("evaluatedAt", e.evaluatedAt());
    m.put("status", status(e.status()));
    m.put("runRequestsCount", e.runRequests().size());
    m.put("triggerSource", source(e.triggerSource()));
    e.expectedStateVersion().ifPresent(v -> m.put("expectedStateVersion", v));
    m.put("runKeys", e.runRequests().stream().map(RunRequest::runKey).toList());
    return m;
  }

  private static Map<String, Object> source(TriggerSource s) {
    Map<String, Object> m = new LinkedHashMap<>();
    switch (s) {
      case TriggerSource.Push p -> {
        m.put("source", "push");
        m.put("messageId", p.messageId());
      }
      case TriggerSource.Poll p -> {
        m.put("source", "poll");
        m.put("pollEpoch", p.pollEpoch());
      }
    }
    return m;
  }

  /** The evaluate answer: the status flattened into the top level (api-contract §9.3). */
  static Map<String, Object> evaluated(SensorEvaluateResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("evalId", r.evalId());
    m.put("messageId", r.messageId());
    m.putAll(status(r.status()));
    if (!r.runRequests().isEmpty()) {
      m.put("runRequests", r.runRequests().stream().map(q -> request(q, r.runIds())).toList());
    }
    m.put("eventsWritten", r.eventsWritten());
    r.warning().ifPresent(w -> m.put("warning", w));
    if (r.deduplicated()) {
      m.put("deduplicated", true);
    }
    if (r.dryRun()) {
      m.put("dryRun", true);
    }
    return m;
  }

  private static Map<String, Object> request(RunRequest q, Map<String, String> runIds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runKey", q.runKey());
    m.put("requestFingerprint", q.requestFingerprint());
    m.put("assetSelection", q.assetSelection());
    q.partitionSelection().ifPresent(p -> m.put("partitionSelection", p));
    q.codeVersion().ifPresent(c -> m.put("codeVersion", c));
    if (runIds.containsKey(q.runKey())) {
      m.put("runId", runIds.get(q.runKey()));
    }
    return m;
  }

  static List<Map<String, Object>> sensors(List<SensorView> views) {
    return views.stream().map(SensorJson::sensor).toList();
  }
}
