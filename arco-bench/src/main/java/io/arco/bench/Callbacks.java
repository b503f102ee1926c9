package io.arco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a benchmark worker reports the tasks of one poll back to the server ({@code --callbacks}):
 * the contract's way, per task, {@code POST /api/v1/tasks/{taskId}/started} then {@code
 * /completed}, each with the task's own token; or Arco's batch route, {@code POST
 * /api/v1/tasks/reports} with every leased task's {@code started}, then with every task's {@code
 * completed} (each report carrying its task's token).
 */
enum Callbacks {
  /** {@code started} then {@code completed} (outcome SUCCEEDED), one request each, task by task. */
  PER_TASK("per-task"),
  /** One {@code /tasks/reports} request with every task's {@code started}, then one with {@code completed}. */
  BATCH("batch"),
  /**
   * One {@code /tasks/reports} request per poll with each task's {@code started} followed by its
   * {@code completed}: a worker whose tasks ended before their {@code started} went out.
   */
  COALESCED("coalesced");

  private final String option;

  Callbacks(String option) {
    this.option = option;
  }

  /** The value of {@code --callbacks} that selects this mode. */
  String option() {
    return option;
  }

  static Callbacks parse(String option) {
    for (Callbacks c : values()) {
      if (c.option.equals(option)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "--callbacks: unknown mode " + option + " (known: per-task, batch, coalesced)");
  }

  /**
   * Reports every task of one poll's answer ({@code tasks}: the dispatch envelopes) as started and
   * then completed; answers how many were completed. Fails on any answer other than 200.
   */
  int report(ArcoHttp http, String workerId, JsonNode tasks) {
    return switch (this) {
      case PER_TASK -> {
        int n = 0;
        for (JsonNode t : tasks) {
          String taskId = t.path("taskId").asText();
          Optional<String> token = Optional.of(t.path("taskToken").asText());
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("attempt", t.path("attempt").asInt());
          body.put("attemptId", t.path("attemptId").asText());
          body.put("workerId", workerId);
          http.post("/api/v1/tasks/" + taskId + "/started", body, token).expectOk("started of " + taskId);
          body.put("outcome", "SUCCEEDED");
          http.post("/api/v1/tasks/" + taskId + "/completed", body, token).expectOk("completed of " + taskId);
          n++;
        }
        yield n;
      }
      case BATCH, COALESCED -> {
        List<Map<String, Object>> started = new ArrayList<>();
        List<Map<String, Object>> completed = new ArrayList<>();
        List<Map<String, Object>> both = new ArrayList<>();
        for (JsonNode t : tasks) {
          Map<String, Object> report = new LinkedHashMap<>();
          report.put("kind", "started");
          report.put("taskId", t.path("taskId").asText());
          report.put("taskToken", t.path("taskToken").asText());
          report.put("attempt", t.path("attempt").asInt());
          report.put("attemptId", t.path("attemptId").asText());
          report.put("workerId", workerId);
          started.add(report);
          Map<String, Object> done = new LinkedHashMap<>(report);
          done.put("kind", "completed");
          done.put("outcome", "SUCCEEDED");
          completed.add(done);
          both.add(report);
          both.add(done);
        }
        List<List<Map<String, Object>>> requests =
            this == COALESCED ? List.of(both) : List.of(started, completed);
        for (List<Map<String, Object>> reports : requests) {
          JsonNode results =
              http.post("/api/v1/tasks/reports", Map.of("reports", reports), Optional.empty())
                  .expectOk("reports")
                  .body()
                  .path("results");
          for (JsonNode r : results) {
            if (r.path("status").asInt() != 200) {
              throw new IllegalStateException("report refused: " + r);
            }
          }
        }
        yield started.size();
      }
    };
  }
}
