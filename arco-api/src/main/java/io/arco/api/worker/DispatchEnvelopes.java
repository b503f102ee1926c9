package io.arco.api.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.model.Ids;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code WorkerDispatchEnvelope} of api-contract §12.7 for a leased task, with a fresh task
 * token and the callback base URL; {@code payload} is {@code {manifestId, assetKey, partitionKey?,
 * execution}} from the run's manifest (decisions §6.2).
 */
final class DispatchEnvelopes {
  private DispatchEnvelopes() {}

  static Map<String, Object> of(LeasedTask t, TaskTokens.Issued token, String callbackBaseUrl) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenantId", t.scope().tenant());
    m.put("workspaceId", t.scope().workspace());
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
    payload.put("execution", t.executionJson().map(DispatchEnvelopes::parse).orElse(null));
    m.put("payload", payload);
    return m;
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored execution JSON does not parse", e);
    }
  }
}
