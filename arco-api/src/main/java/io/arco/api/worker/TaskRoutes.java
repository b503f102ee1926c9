package io.arco.api.worker;

import io.arco.api.http.CallbackException;
import io.arco.api.http.ErrorMapper;
import io.arco.api.http.Http;
import io.arco.api.http.Json;
import io.arco.api.http.JsonBody;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.LiveLogAck;
import io.arco.flow.engine.LogStream;
import io.arco.flow.engine.LogUpload;
import io.arco.flow.engine.SensorCompletion;
import io.arco.flow.model.Ids;
import io.arco.flow.engine.TaskCallbacks;
import io.arco.flow.engine.TaskTokenClaims;
import io.arco.flow.model.TaskOutcome;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.model.Scope;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/**
 * The task router (api-contract §12): {@code POST /api/v1/tasks/{taskId}/started|heartbeat|
 * completed}, the worker log upload {@code /logs} and its live output {@code /logs/live} (an
 * addition). The router stage verifies the bearer task
 * token and its task id against the path; the engine checks the rest in the contract's order.
 */
public final class TaskRoutes {
  private static final String BASE = "/api/v1/tasks/{taskId}";

  private TaskRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine, TaskTokens tokens) {
    r.post(BASE + "/started", ctx -> started(ctx, engine, claims(ctx, tokens)));
    r.post(BASE + "/heartbeat", ctx -> heartbeat(ctx, engine, tokens, claims(ctx, tokens)));
    r.post(BASE + "/completed", ctx -> completed(ctx, engine, claims(ctx, tokens)));
    r.post(BASE + "/logs", ctx -> logs(ctx, engine, claims(ctx, tokens)));
    r.post(BASE + "/logs/live", ctx -> liveLog(ctx, engine, claims(ctx, tokens)));
    r.post(TaskReportsRoute.PATH, ctx -> TaskReportsRoute.handle(ctx, engine, tokens));
  }

  /**
   * The workspaces named by the request's task tokens that verify (several serving nodes,
   * decisions §7.11: a callback runs at its workspace's writer): the bearer token's, or on the
   * batch route each report's. Tokens that do not verify, and a body that is not JSON, name none:
   * the route itself then answers the refusal.
   */
  public static Set<Scope> scopes(Context ctx, TaskTokens tokens) {
    Set<Scope> out = new LinkedHashSet<>();
    if (ctx.path().equals(TaskReportsRoute.PATH)) {
      JsonNode body;
      try {
        body = Json.MAPPER.readTree(ctx.bodyAsBytes());
      } catch (IOException | RuntimeException e) {
        return out;
      }
      for (JsonNode report : body == null ? Json.MAPPER.createArrayNode() : body.path("reports")) {
        JsonNode token = report.path("taskToken");
        if (token.isTextual()) {
          scope(token.asText(), tokens).ifPresent(out::add);
        }
      }
      return out;
    }
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      scope(header.substring(7).trim(), tokens).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<Scope> scope(String token, TaskTokens tokens) {
    try {
      TaskTokenClaims c = tokens.verify(token);
      return Optional.of(new Scope(c.tenantId(), c.workspaceId()));
    } catch (TaskTokens.InvalidTaskToken | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Router stage (decisions §6.2): bearer present, token verifies, token task id = path id. */
  private static TaskTokenClaims claims(Context ctx, TaskTokens tokens) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      throw new CallbackException(ErrorMapper.invalidTaskToken("missing bearer token"));
    }
    return verify(header.substring(7).trim(), ctx.pathParam("taskId"), tokens);
  }

  /** The token must verify and name the task it reports on. */
  static TaskTokenClaims verify(String token, String taskId, TaskTokens tokens) {
    TaskTokenClaims claims;
    try {
      claims = tokens.verify(token);
    } catch (TaskTokens.InvalidTaskToken e) {
      throw new CallbackException(ErrorMapper.invalidTaskToken(e.getMessage()));
    }
    if (!claims.taskId().equals(taskId)) {
      throw new CallbackException(ErrorMapper.invalidTaskToken("task_id_mismatch"));
    }
    return claims;
  }

  private static void started(Context ctx, Engine engine, TaskTokenClaims claims) {
    JsonBody b = CallbackBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    var ack = engine.taskStarted(started(b, ctx.pathParam("taskId"), claims));
    Http.json(ctx, 200, answer(ack));
  }

  static TaskCallbacks.Started started(JsonBody b, String taskId, TaskTokenClaims claims) {
    return CallbackBody.guard(
        () ->
            new TaskCallbacks.Started(
                taskId,
                claims,
                b.requiredAttempt("attempt"),
                b.requiredString("attemptId"),
                b.requiredString("workerId")));
  }

  static Map<String, Object> answer(TaskCallbacks.StartedAck ack) {
    return Map.of("acknowledged", true, "serverTime", ack.serverTime());
  }

  private static void heartbeat(
      Context ctx, Engine engine, TaskTokens tokens, TaskTokenClaims claims) {
    JsonBody b = CallbackBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    var ack = engine.taskHeartbeat(heartbeat(b, ctx.pathParam("taskId"), claims));
    Http.json(ctx, 200, answer(ack, tokens));
  }

  static TaskCallbacks.Heartbeat heartbeat(JsonBody b, String taskId, TaskTokenClaims claims) {
    return CallbackBody.guard(
        () ->
            new TaskCallbacks.Heartbeat(
                taskId,
                claims,
                b.requiredAttempt("attempt"),
                b.requiredString("attemptId"),
                b.requiredString("workerId"),
                b.optionalLong("progressPct").map(p -> (int) Math.max(Math.min(p, 1000), -1)),
                b.optionalString("message")));
  }

  static Map<String, Object> answer(TaskCallbacks.HeartbeatAck ack, TaskTokens tokens) {
    TaskTokens.Issued token = tokens.issue(ack.lease());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("acknowledged", true);
    body.put("shouldCancel", ack.shouldCancel());
    ack.cancelReason().ifPresent(r -> body.put("cancelReason", r));
    body.put("serverTime", ack.serverTime());
    body.put("taskToken", token.token());
    body.put("tokenExpiresAt", token.expiresAt());
    return body;
  }

  private static void completed(Context ctx, Engine engine, TaskTokenClaims claims) {
    if (Ids.isSensorTaskId(ctx.pathParam("taskId"))) {
      sensorCompleted(ctx, engine, claims);
      return;
    }
    JsonBody b = CallbackBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    var ack = engine.taskCompleted(completed(b, ctx.pathParam("taskId"), claims));
    Http.json(ctx, 200, answer(ack));
  }

  static TaskCallbacks.Completed completed(JsonBody b, String taskId, TaskTokenClaims claims) {
    int attempt = CallbackBody.guard(() -> b.requiredAttempt("attempt"));
    String attemptId = CallbackBody.guard(() -> b.requiredString("attemptId"));
    String workerId = CallbackBody.guard(() -> b.requiredString("workerId"));
    TaskOutcome outcome = CallbackBody.enumValue(b, "outcome", TaskOutcome.class);
    if (outcome == TaskOutcome.SKIPPED) {
      throw new CallbackException(ErrorMapper.unknownValue("outcome", "SKIPPED"));
    }
    Optional<String> partial =
        CallbackBody.guard(() -> b.raw("partialProgress")).map(Json::string);
    return new TaskCallbacks.Completed(
            taskId,
            claims,
            attempt,
            attemptId,
            workerId,
            outcome,
            CallbackBody.output(b),
            CallbackBody.error(b),
            CallbackBody.metrics(b),
            CallbackBody.guard(() -> b.optionalString("cancelledDuringPhase")),
            partial);
  }

  static Map<String, Object> answer(TaskCallbacks.CompletedAck ack) {
    return Map.of("acknowledged", true, "finalState", ack.finalState().name(), "serverTime", ack.serverTime());
  }

  /** {@code /completed} of a poll-sensor evaluation: its output becomes one evaluation. */
  private static void sensorCompleted(Context ctx, Engine engine, TaskTokenClaims claims) {
    JsonBody b = CallbackBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    int attempt = CallbackBody.guard(() -> b.requiredAttempt("attempt"));
    String attemptId = CallbackBody.guard(() -> b.requiredString("attemptId"));
    String workerId = CallbackBody.guard(() -> b.requiredString("workerId"));
    TaskOutcome outcome = CallbackBody.enumValue(b, "outcome", TaskOutcome.class);
    if (attempt < 1) {
      throw new CallbackException(ErrorMapper.invalidArgument("Invalid attempt: must be >= 1"));
    }
    if (outcome == TaskOutcome.SKIPPED) {
      throw new CallbackException(ErrorMapper.unknownValue("outcome", "SKIPPED"));
    }
    var ack =
        engine.sensorCompleted(
            new SensorCompletion(
                ctx.pathParam("taskId"),
                claims,
                attemptId,
                workerId,
                outcome,
                CallbackBody.guard(() -> b.raw("output")),
                CallbackBody.error(b).map(e -> e.message())));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("acknowledged", true);
    body.put("finalState", outcome.name());
    body.put("serverTime", ack.serverTime());
    body.put("evalId", ack.evalId());
    body.put("evalStatus", ack.status().wireName());
    body.put("runRequests", ack.runRequests());
    if (ack.duplicate()) {
      body.put("duplicate", true);
    }
    Http.json(ctx, 200, body);
  }

  private static void logs(Context ctx, Engine engine, TaskTokenClaims claims) {
    JsonBody b = CallbackBody.read(ctx, JsonBody.LARGE_LIMIT);
    var req =
        CallbackBody.guard(
            () ->
                new TaskCallbacks.Logs(
                    ctx.pathParam("taskId"),
                    claims,
                    b.requiredAttempt("attempt"),
                    b.optionalString("stdout").orElse(""),
                    b.optionalString("stderr").orElse("")));
    LogUpload up = engine.taskLogs(req);
    Http.json(ctx, 200, Map.of("path", up.path(), "sizeBytes", up.sizeBytes()));
  }

  /** {@code POST /logs/live}: one chunk of the attempt's live output (an addition). */
  private static void liveLog(Context ctx, Engine engine, TaskTokenClaims claims) {
    JsonBody b = CallbackBody.read(ctx, JsonBody.DEFAULT_LIMIT);
    int attempt = CallbackBody.guard(() -> b.requiredAttempt("attempt"));
    String name = CallbackBody.guard(() -> b.requiredString("stream"));
    LogStream stream =
        LogStream.parse(name)
            .orElseThrow(
                () ->
                    new CallbackException(
                        ErrorMapper.invalidArgument("Invalid stream: must be stdout or stderr")));
    long offset = CallbackBody.guard(() -> b.requiredLong("offset"));
    String text = CallbackBody.guard(() -> b.requiredString("text"));
    LiveLogAck ack =
        engine.taskLiveLog(
            new TaskCallbacks.LiveLog(ctx.pathParam("taskId"), claims, attempt, stream, offset, text));
    Http.json(ctx, 200, Map.of("stored", ack.stored(), "nextOffset", ack.nextOffset()));
  }
}
