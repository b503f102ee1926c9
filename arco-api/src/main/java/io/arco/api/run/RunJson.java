package io.arco.api.run;

import io.arco.flow.model.QueueReason;
import io.arco.flow.query.RunListItem;
import io.arco.flow.query.RunView;
import io.arco.flow.query.TaskView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Maps flow read models to the run wire records. */
final class RunJson {
  private RunJson() {}

  static RunResponse from(String workspaceId, RunView v) {
    return new RunResponse(
        v.runId(),
        workspaceId,
        v.planId(),
        v.state().name(),
        v.createdAt(),
        v.startedAt(),
        v.completedAt(),
        v.tasks().stream().map(RunJson::task).toList(),
        new RunResponse.TaskCountsJson(
            v.taskCounts().total(),
            v.taskCounts().pending(),
            v.taskCounts().queued(),
            v.taskCounts().running(),
            v.taskCounts().succeeded(),
            v.taskCounts().failed(),
            v.taskCounts().skipped(),
            v.taskCounts().cancelled()),
        v.labels(),
        v.parentRunId(),
        v.rerunKind(),
        v.rerunReason(),
        v.runKey(),
        v.codeVersion(),
        v.queueReasons().stream().map(RunJson::queueReason).toList());
  }

  static RunResponse.QueueReasonJson queueReason(QueueReason r) {
    return switch (r) {
      case QueueReason.MaxConcurrentRuns m ->
          new RunResponse.QueueReasonJson(
              "MAX_CONCURRENT_RUNS", Optional.empty(), Optional.empty(), m.limit(), m.inProgress());
      case QueueReason.LabelLimitReached l ->
          new RunResponse.QueueReasonJson(
              "LABEL_LIMIT", Optional.of(l.label()), l.value(), l.limit(), l.inProgress());
    };
  }

  static RunResponse.TaskSummary task(TaskView t) {
    return new RunResponse.TaskSummary(
        t.taskKey(),
        t.assetKey(),
        t.partitionKey(),
        t.state().name(),
        t.attempt(),
        t.startedAt(),
        t.completedAt(),
        t.errorMessage(),
        t.executionLineageRef(),
        t.deltaTable(),
        t.deltaVersion(),
        t.deltaPartition(),
        t.retryAttribution()
            .map(
                r ->
                    new RunResponse.RetryAttributionJson(
                        r.retries(),
                        r.reason(),
                        r.priorAttemptError()
                            .map(
                                f ->
                                    new RunResponse.PriorAttemptErrorJson(
                                        f.attempt(), f.category().map(Enum::name), f.message())))),
        t.skipAttribution()
            .map(
                s ->
                    new RunResponse.SkipAttributionJson(
                        s.upstreamTaskKey(), s.upstreamResolution().name())),
        t.outputVisibilityState().map(Enum::name),
        t.publishedAt(),
        t.publishError());
  }

  static Map<String, Object> listItem(RunListItem r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", r.runId());
    m.put("state", r.state().name());
    m.put("createdAt", r.createdAt());
    r.completedAt().ifPresent(c -> m.put("completedAt", c));
    m.put("taskCount", r.taskCount());
    m.put("tasksSucceeded", r.tasksSucceeded());
    m.put("tasksFailed", r.tasksFailed());
    r.parentRunId().ifPresent(p -> m.put("parentRunId", p));
    r.rerunKind().ifPresent(k -> m.put("rerunKind", k));
    return m;
  }
}
