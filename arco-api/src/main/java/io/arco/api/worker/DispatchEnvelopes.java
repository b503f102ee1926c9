package io.arco.api.worker;

import com.fasterxml.jackson.databind.util.RawValue;
import io.arco.flow.engine.LeasedSensorEvaluation;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.model.Ids;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code WorkerDispatchEnvelope} of api-contract §12.7 for a leased task, with a fresh task
 * token and the callback base URL; the asset's {@code execution} object is written as the JSON text
 * the engine keeps of it (no re-parse per task); {@code payload} is {@code {manifestId, assetKey, partitionKey?,
 * execution}} from the run's manifest (decisions §6.2).
 */
final class DispatchEnvelopes {
  private DispatchEnvelopes() {}

  static Map<String, Object> of(LeasedTask t, TaskTokens.Issued token, String callbackBaseUrl) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenantId", t.scope().tenant());
    m.put("workspaceId", t.scope().workspace());
    m.put("kind", "task");
    m.put("taskId", Ids.callbackTaskId(t.runId(), t.taskKey()));
    m.put("taskKey", t.taskKey());
    m.put("runId", t.runId());
    m.put("attempt", t.attempt());
    m.put("attemptId", t.attemptId());
    m.put("dispatchId", t.dispatchId());
    m.put("workerQueue", t.workerQueue());
    m.put("callbackBaseUrl", callbackBaseUrl);
    m.put("taskToken", token.token());
    m.put("tokenExpiresAt", token.expiresAt());
    t.partitionKey().ifPresent(p -> m.put("partitionKey", p));
    m.put("heartbeatTimeoutSec", t.heartbeatTimeoutSec());
    Map<String, Object> payload = new LinkedHashMap<>();
    t.manifestId().ifPresent(id -> payload.put("manifestId", id));
    t.assetKey().ifPresent(a -> payload.put("assetKey", a));
    t.partitionKey().ifPresent(p -> payload.put("partitionKey", p));
    payload.put("execution", t.executionJson().map(RawValue::new).orElse(null));
    m.put("payload", payload);
    return m;
  }

  /**
   * The envelope of a poll-sensor evaluation (decisions §6.7): {@code kind: "sensor"}, the {@code
   * cs1_} task id, sensor id, cursor and {@code stateVersion}; {@code payload} is {@code {manifestId,
   * sensorId, assetSelection, cursor?, stateVersion, execution}}. Only {@code /completed} applies.
   */
  static Map<String, Object> ofSensor(
      LeasedSensorEvaluation s, TaskTokens.Issued token, String callbackBaseUrl) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenantId", s.scope().tenant());
    m.put("workspaceId", s.scope().workspace());
    m.put("kind", "sensor");
    m.put("taskId", s.taskId());
    m.put("sensorId", s.sensorId());
    s.cursor().ifPresent(c -> m.put("cursor", c));
    m.put("stateVersion", s.stateVersion());
    m.put("attempt", 1);
    m.put("attemptId", s.attemptId());
    m.put("workerQueue", LeasedSensorEvaluation.QUEUE);
    m.put("callbackBaseUrl", callbackBaseUrl);
    m.put("taskToken", token.token());
    m.put("tokenExpiresAt", token.expiresAt());
    m.put("heartbeatTimeoutSec", LeasedSensorEvaluation.LEASE_SECONDS);
    Map<String, Object> payload = new LinkedHashMap<>();
    s.manifestId().ifPresent(id -> payload.put("manifestId", id));
    payload.put("sensorId", s.sensorId());
    payload.put("assetSelection", s.assetSelection());
    s.cursor().ifPresent(c -> payload.put("cursor", c));
    payload.put("stateVersion", s.stateVersion());
    payload.put("execution", s.executionJson().map(RawValue::new).orElse(null));
    m.put("payload", payload);
    return m;
  }
}
