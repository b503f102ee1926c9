package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the client commands show a run ({@code GET /runs/{id}}, api-contract §4.1) as text: the
 * one-line progress of a watched run, its detail ({@code arco runs get}) and the outcome printed
 * when a watched run ends. Absent values print as {@code -}.
 */
public final class RunText {
  /** The task-count states in the order a progress line names them. */
  static final List<String> COUNT_STATES =
      List.of("pending", "queued", "running", "succeeded", "failed", "skipped", "cancelled");

  private static final int BAR_WIDTH = 20;
  private static final int OUTCOME_TASK_LINES = 20;

  private RunText() {}

  /**
   * The progress of {@code run} without the elapsed time: state, a bar of finished tasks and the
   * non-zero task counts ({@code RUNNING [#####.....] 2/4 | 2 succeeded, 1 running, 1 pending}).
   * A run held by a concurrency limit says why. Two polls with the same text show nothing new.
   */
  public static String progress(JsonNode run) {
    JsonNode c = run.path("taskCounts");
    int total = c.path("total").asInt();
    int done =
        c.path("succeeded").asInt()
            + c.path("failed").asInt()
            + c.path("skipped").asInt()
            + c.path("cancelled").asInt();
    int filled = total == 0 ? 0 : (int) Math.round((double) BAR_WIDTH * Math.min(done, total) / total);
    StringBuilder b = new StringBuilder();
    b.append(run.path("state").asText("?"))
        .append(" [")
        .append("#".repeat(filled))
        .append(".".repeat(BAR_WIDTH - filled))
        .append("] ")
        .append(done)
        .append('/')
        .append(total);
    String counts = counts(run);
    if (!counts.isEmpty()) {
      b.append(" | ").append(counts);
    }
    String held = queueReasons(run);
    if (!held.isEmpty()) {
      b.append(" | waiting: ").append(held);
    }
    return b.toString();
  }

  /** The non-zero task counts by state: {@code 2 succeeded, 1 running}. */
  public static String counts(JsonNode run) {
    JsonNode c = run.path("taskCounts");
    List<String> parts = new ArrayList<>();
    for (String s : COUNT_STATES) {
      int n = c.path(s).asInt();
      if (n > 0) {
        parts.add(n + " " + s);
      }
    }
    return String.join(", ", parts);
  }

  /** Why a PENDING run waits ({@code queueReasons}, decisions §2.7): {@code team=growth 2/2 runs}. */
  static String queueReasons(JsonNode run) {
    List<String> parts = new ArrayList<>();
    for (JsonNode r : run.path("queueReasons")) {
      String what =
          switch (r.path("kind").asText()) {
            case "MAX_CONCURRENT_RUNS" -> "max concurrent runs";
            case "LABEL_LIMIT" ->
                "label "
                    + r.path("label").asText()
                    + (r.has("value") ? "=" + r.path("value").asText() : "");
            default -> r.path("kind").asText();
          };
      parts.add(what + " " + r.path("inProgress").asInt() + "/" + r.path("limit").asInt());
    }
    return String.join(", ", parts);
  }

  /** {@code mm:ss} (or {@code h:mm:ss} past an hour). */
  public static String elapsed(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
        : String.format("%02d:%02d", s / 60, s % 60);
  }

  /** {@code k=v,k2=v2} or {@code -}. */
  public static String labels(JsonNode labels) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      parts.add(e.getKey() + "=" + e.getValue().asText());
    }
    return parts.isEmpty() ? "-" : String.join(",", parts);
  }

  /** The text of {@code node.field}, or {@code -} when absent. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() ? "-" : v.asText();
  }

  /**
   * What a task's state needs explaining with: the skip attribution of a SKIPPED task, the error of
   * a failed attempt, the prior failure of a retried one, a failed output publication; else {@code -}.
   */
  public static String taskDetail(JsonNode task) {
    JsonNode skip = task.path("skipAttribution");
    if ("SKIPPED".equals(task.path("state").asText()) && skip.isObject()) {
      return "upstream "
          + skip.path("upstreamTaskKey").asText()
          + " "
          + skip.path("upstreamResolution").asText();
    }
    if (task.hasNonNull("errorMessage")) {
      return task.path("errorMessage").asText();
    }
    if ("FAILED".equals(task.path("outputVisibilityState").asText())) {
      return "output not visible: " + task.path("publishError").asText("publication failed");
    }
    JsonNode retry = task.path("retryAttribution");
    if (retry.isObject()) {
      JsonNode prior = retry.path("priorAttemptError");
      return "retried "
          + retry.path("retries").asInt()
          + "x"
          + (prior.isObject()
              ? " (attempt " + prior.path("attempt").asInt() + ": " + prior.path("message").asText() + ")"
              : "");
    }
    return "-";
  }

  /** {@code arco runs get}: the run's summary lines, then a table of its tasks. */
  public static void printDetail(JsonNode run, PrintWriter out) {
    List<String[]> fields = new ArrayList<>();
    fields.add(new String[] {"run", run.path("runId").asText()});
    fields.add(new String[] {"state", run.path("state").asText()});
    fields.add(new String[] {"created", text(run, "createdAt")});
    fields.add(new String[] {"started", text(run, "startedAt")});
    fields.add(new String[] {"completed", text(run, "completedAt")});
    String counts = counts(run);
    fields.add(
        new String[] {
          "tasks",
          run.path("taskCounts").path("total").asInt() + (counts.isEmpty() ? "" : " (" + counts + ")")
        });
    fields.add(new String[] {"labels", labels(run.path("labels"))});
    if (run.hasNonNull("runKey")) {
      fields.add(new String[] {"run key", run.path("runKey").asText()});
    }
    if (run.hasNonNull("codeVersion")) {
      fields.add(new String[] {"code version", run.path("codeVersion").asText()});
    }
    if (run.hasNonNull("parentRunId")) {
      fields.add(
          new String[] {
            "rerun of",
            run.path("parentRunId").asText()
                + " ("
                + text(run, "rerunKind")
                + ", "
                + text(run, "rerunReason")
                + ")"
          });
    }
    String held = queueReasons(run);
    if (!held.isEmpty()) {
      fields.add(new String[] {"waiting for", held});
    }
    int width = fields.stream().mapToInt(f -> f[0].length()).max().orElse(0);
    for (String[] f : fields) {
      out.println(f[0] + ":" + " ".repeat(width - f[0].length() + 1) + f[1]);
    }
    out.println();
    Table tasks = new Table("TASK", "STATE", "ATTEMPT", "PARTITION", "COMPLETED", "DETAIL");
    for (JsonNode t : run.path("tasks")) {
      tasks.row(
          t.path("taskKey").asText(),
          t.path("state").asText(),
          String.valueOf(t.path("attempt").asInt()),
          text(t, "partitionKey"),
          text(t, "completedAt"),
          taskDetail(t));
    }
    tasks.print(out);
  }

  /**
   * The end of a watch: the final state and counts, then each task that did not succeed with its
   * error or skip attribution (at most {@value #OUTCOME_TASK_LINES}), and for a FAILED run the
   * command that reruns what did not succeed.
   */
  public static void printOutcome(JsonNode run, Duration elapsed, PrintWriter out) {
    String id = run.path("runId").asText();
    String state = run.path("state").asText();
    out.println(
        "run " + id + " " + state + " after " + elapsed(elapsed) + " (" + run.path("taskCounts").path("total").asInt()
            + " tasks" + (counts(run).isEmpty() ? "" : ": " + counts(run)) + ")");
    int shown = 0;
    int hidden = 0;
    for (JsonNode t : run.path("tasks")) {
      String ts = t.path("state").asText();
      if (ts.equals("SUCCEEDED")) {
        continue;
      }
      if (shown == OUTCOME_TASK_LINES) {
        hidden++;
        continue;
      }
      shown++;
      String detail = taskDetail(t);
      out.println(
          "  "
              + ts
              + " "
              + t.path("taskKey").asText()
              + (t.path("attempt").asInt() > 0 ? " (attempt " + t.path("attempt").asInt() + ")" : "")
              + (detail.equals("-") ? "" : ": " + detail));
    }
    if (hidden > 0) {
      out.println("  ... and " + hidden + " more: arco runs get " + id);
    }
    if (state.equals("FAILED")) {
      out.println("rerun what did not succeed: arco rerun " + id + " --from-failure");
    }
    out.flush();
  }
}
