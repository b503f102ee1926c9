package io.arco.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Acts as a remote worker over the HTTP protocol: poll, started, heartbeat, completed. */
public final class Worker {
  private final TestServer server;
  private final String id;

  public Worker(TestServer server, String id) {
    this.server = server;
    this.id = id;
  }

  /** Polls up to {@code max} tasks without waiting; returns their envelopes. */
  public List<JsonNode> poll(int max) {
    TestServer.Resp r =
        server.post(server.ws() + "/workers/poll", Map.of("workerId", id, "maxTasks", max));
    if (r.status() != 200) {
      throw new AssertionError("poll failed: " + r.raw());
    }
    List<JsonNode> out = new ArrayList<>();
    r.body().path("tasks").forEach(out::add);
    return out;
  }

  /** Polls exactly one task, failing when none is claimable. */
  public JsonNode pollOne() {
    List<JsonNode> tasks = poll(1);
    if (tasks.size() != 1) {
      throw new AssertionError("expected one task, got " + tasks);
    }
    return tasks.get(0);
  }

  public static Map<String, Object> attemptBody(JsonNode env) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("attempt", env.get("attempt").asInt());
    b.put("attemptId", env.get("attemptId").asText());
    b.put("workerId", "test-worker");
    return b;
  }

  public static Map<String, String> auth(JsonNode env) {
    return Map.of("Authorization", "Bearer " + env.get("taskToken").asText());
  }

  public TestServer.Resp callback(JsonNode env, String kind, Map<String, Object> body) {
    return server.post("/api/v1/tasks/" + env.get("taskId").asText() + "/" + kind, body, auth(env));
  }

  public TestServer.Resp started(JsonNode env) {
    return callback(env, "started", attemptBody(env));
  }

  public TestServer.Resp heartbeat(JsonNode env) {
    return callback(env, "heartbeat", attemptBody(env));
  }

  public TestServer.Resp succeed(JsonNode env) {
    return complete(env, "SUCCEEDED", null);
  }

  public TestServer.Resp fail(JsonNode env, String category, boolean retryable) {
    return complete(
        env, "FAILED", Map.of("category", category, "message", "boom", "retryable", retryable));
  }

  public TestServer.Resp complete(JsonNode env, String outcome, Map<String, Object> error) {
    Map<String, Object> b = attemptBody(env);
    b.put("outcome", outcome);
    if (error != null) {
      b.put("error", error);
    }
    return callback(env, "completed", b);
  }

  /** Leases, starts and succeeds every claimable task until none is left; returns their keys. */
  public List<String> drainSucceeding() {
    List<String> keys = new ArrayList<>();
    while (true) {
      List<JsonNode> tasks = poll(10);
      if (tasks.isEmpty()) {
        return keys;
      }
      for (JsonNode t : tasks) {
        started(t);
        succeed(t);
        keys.add(t.get("taskKey").asText());
      }
    }
  }
}
