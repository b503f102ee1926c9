package io.arco.api.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.ApiException;
import io.arco.api.http.CallbackException;
import io.arco.api.http.ErrorMapper;
import io.arco.api.http.Http;
import io.arco.api.http.JsonBody;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.TaskCallbacks;
import io.arco.flow.engine.TaskTokenClaims;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.Ids;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/tasks/reports} (an addition to the contract): several tasks' {@code
 * started}, {@code heartbeat} and {@code completed} reports in one request, each with its own task
 * token. Each report is checked and answered exactly as its single route would answer it (status
 * and body, callback envelope for a refusal); the reports of one workspace share one durable
 * commit. The request itself fails only when its body is not a list of 1 to 100 reports.
 */
final class TaskReportsRoute {
  static final String PATH = "/api/v1/tasks/reports";

  private TaskReportsRoute() {}

  /** One report as read from the body: what the engine gets, or the refusal of the route stage. */
  private record Item(String taskId, String kind, Optional<TaskCallbacks.Report> report, Optional<Refusal> refused) {}

  private record Refusal(int status, Map<String, Object> body) {}

  static void handle(Context ctx, Engine engine, TaskTokens tokens) {
    JsonBody body = CallbackBody.read(ctx, JsonBody.LARGE_LIMIT);
    List<JsonNode> nodes = CallbackBody.guard(() -> reports(body));
    try {
      TaskCallbacks.checkReportCount(nodes.size());
    } catch (FlowException e) {
      throw new CallbackException(ErrorMapper.toCallback(e.error()));
    }
    String requestId = Http.requestId(ctx);
    List<Item> items = new ArrayList<>(nodes.size());
    List<TaskCallbacks.Report> accepted = new ArrayList<>(nodes.size());
    for (JsonNode node : nodes) {
      Item item = read(JsonBody.of(node), tokens, requestId);
      items.add(item);
      item.report().ifPresent(accepted::add);
    }
    List<TaskCallbacks.ReportAnswer> answers =
        accepted.isEmpty() ? List.of() : engine.taskReports(accepted);
    List<Map<String, Object>> results = new ArrayList<>(items.size());
    int next = 0;
    for (Item item : items) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("taskId", item.taskId());
      result.put("kind", item.kind());
      if (item.refused().isPresent()) {
        result.put("status", item.refused().get().status());
        result.put("body", item.refused().get().body());
      } else {
        switch (answers.get(next++)) {
          case TaskCallbacks.ReportAnswer.Accepted a -> {
            result.put("status", 200);
            result.put("body", answer(a.ack(), tokens));
          }
          case TaskCallbacks.ReportAnswer.Refused r -> {
            var e = ErrorMapper.toCallback(r.error());
            result.put("status", e.status());
            result.put("body", ErrorMapper.callbackEnvelope(e, requestId));
          }
        }
      }
      results.add(result);
    }
    Http.json(ctx, 200, Map.of("results", results));
  }

  private static List<JsonNode> reports(JsonBody body) {
    JsonNode v = body.raw("reports").orElseThrow(() -> ApiException.unprocessable("reports", "required"));
    if (!v.isArray()) {
      throw ApiException.unprocessable("reports", "expected an array of objects");
    }
    List<JsonNode> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        throw ApiException.unprocessable("reports[" + i + "]", "expected an object");
      }
      out.add(v.get(i));
    }
    return out;
  }

  /** The route stage of one report: its kind, token and body, as its single route reads them. */
  private static Item read(JsonBody b, TaskTokens tokens, String requestId) {
    String taskId = b.node().path("taskId").asText("");
    String kind = b.node().path("kind").asText("");
    try {
      String id = CallbackBody.guard(() -> b.requiredString("taskId"));
      String token = CallbackBody.guard(() -> b.requiredString("taskToken"));
      String k = CallbackBody.guard(() -> b.requiredString("kind"));
      if (Ids.isSensorTaskId(id)) {
        throw new CallbackException(
            ErrorMapper.invalidArgument("a poll-sensor evaluation reports on its own /completed route"));
      }
      TaskTokenClaims claims = TaskRoutes.verify(token, id, tokens);
      TaskCallbacks.Report report =
          switch (k) {
            case "started" -> TaskRoutes.started(b, id, claims);
            case "heartbeat" -> TaskRoutes.heartbeat(b, id, claims);
            case "completed" -> TaskRoutes.completed(b, id, claims);
            default -> throw new CallbackException(ErrorMapper.unknownValue("kind", k));
          };
      return new Item(taskId, kind, Optional.of(report), Optional.empty());
    } catch (CallbackException e) {
      return new Item(
          taskId,
          kind,
          Optional.empty(),
          Optional.of(new Refusal(e.error().status(), ErrorMapper.callbackEnvelope(e.error(), requestId))));
    }
  }

  private static Map<String, Object> answer(TaskCallbacks.Ack ack, TaskTokens tokens) {
    return switch (ack) {
      case TaskCallbacks.StartedAck a -> TaskRoutes.answer(a);
      case TaskCallbacks.HeartbeatAck a -> TaskRoutes.answer(a, tokens);
      case TaskCallbacks.CompletedAck a -> TaskRoutes.answer(a);
    };
  }
}
