package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.Scope;
import io.arco.flow.plan.TaskKeys;
import io.arco.flow.store.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Run logs (api-contract §3.6, §3.7): one object per task attempt holding its stdout and stderr,
 * stored once, and paged reads of a run's objects in path order within an 8 MiB budget.
 */
final class LogService {
  private static final long MAX_LOG_BYTES = 2_097_152;
  private static final long LOG_PAGE_BUDGET = 8L * 1024 * 1024;

  private final Workspaces workspaces;

  LogService(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  LogUpload uploadLogs(
      Scope scope, String runId, String taskKey, int attempt, String stdout, String stderr) {
    if (attempt < 1) {
      throw FlowException.invalid("attempt must be >= 1");
    }
    validateTaskKey(taskKey);
    long size =
        (long) stdout.getBytes(StandardCharsets.UTF_8).length
            + stderr.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_LOG_BYTES) {
      throw FlowException.invalid("logs exceed " + MAX_LOG_BYTES + " bytes");
    }
    String path = "logs/" + runId + "/" + taskKey + "/attempt-" + attempt + ".log";
    byte[] content =
        ("=== stdout ===\n" + stdout + "\n=== stderr ===\n" + stderr + "\n")
            .getBytes(StandardCharsets.UTF_8);
    workspaces.workspace(scope);
    if (!workspaces.store.putLog(scope, new LogRecord(path, content))) {
      throw FlowException.conflict("logs already exist for task attempt");
    }
    return new LogUpload(path, content.length);
  }

  LogPage readLogs(
      Scope scope, String runId, Optional<String> taskKey, Optional<String> afterPath, int limit) {
    taskKey.ifPresent(LogService::validateTaskKey);
    String prefix = "logs/" + runId + "/" + taskKey.map(k -> k + "/").orElse("");
    if (afterPath.isPresent() && !afterPath.get().startsWith(prefix)) {
      throw FlowException.invalid("invalid log cursor");
    }
    List<LogRecord> logs = workspaces.store.logs(scope, prefix, afterPath, limit + 1);
    if (logs.isEmpty() && afterPath.isEmpty()) {
      throw FlowException.notFound("logs not found");
    }
    StringBuilder body = new StringBuilder();
    long used = 0;
    String last = null;
    boolean more = false;
    for (int i = 0; i < logs.size(); i++) {
      if (i == limit) {
        more = true;
        break;
      }
      LogRecord r = logs.get(i);
      long cost = r.path().length() + r.content().length + 10L;
      if (used + cost > LOG_PAGE_BUDGET) {
        if (i == 0) {
          throw new IllegalStateException("log object exceeds the page budget: " + r.path());
        }
        more = true;
        break;
      }
      used += cost;
      String content = new String(r.content(), StandardCharsets.UTF_8);
      body.append("--- ").append(r.path()).append(" ---\n").append(content);
      if (!content.endsWith("\n")) {
        body.append('\n');
      }
      last = r.path();
    }
    return new LogPage(body.toString(), more ? Optional.ofNullable(last) : Optional.empty());
  }

  /**
   * Task keys are a canonical asset key, optionally followed by {@code @} and a canonical
   * partition key (flow-model §0.3.10); anything else is 400 {@code invalid task_key} (decisions
   * §7.10).
   */
  static void validateTaskKey(String taskKey) {
    if (!TaskKeys.isValid(taskKey)) {
      throw FlowException.invalid("invalid task_key");
    }
  }
}
