package io.arco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a benchmark worker reports the tasks of one poll back to the server over HTTP ({@code
 * --callbacks}). Today the contract has one way: per task, {@code POST
 * /api/v1/tasks/{taskId}/started} then {@code /completed}, each with the task's own token.
 *
 * <p>This is the extension point for a batch callback route: when the server gets one (several
 * tasks' {@code started}/{@code completed} in one request), it becomes a second constant here, with
 * its request built in {@link #report}, and {@code --callbacks} accepts it. No such route exists
 * yet, so none is sent.
 */
enum Callbacks {
  /** {@code started} then {@code completed} (outcome SUCCEEDED), one request each, task by task. */
  PER_TASK("per-task");

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
    throw new IllegalArgumentException("--callbacks: unknown mode " + option + " (known: per-task)");
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
    };
  }
}
