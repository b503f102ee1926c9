package io.arco.flow.query;

import io.arco.flow.model.QueueReason;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run as the API shows it (api-contract §4.1): the public state, the tasks sorted by key with
 * their attributions, counts, the lineage labels of reruns and, while a concurrency limit holds the
 * run back (decisions §2.7, §6.6), why; {@code queueReasons} is empty otherwise.
 */
public record RunView(
    String runId,
    String planId,
    PublicRunState state,
    RunState internalState,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> completedAt,
    List<TaskView> tasks,
    TaskCounts taskCounts,
    Map<String, String> labels,
    Optional<String> runKey,
    Optional<String> codeVersion,
    boolean cancelRequested,
    Optional<String> parentRunId,
    Optional<String> rerunKind,
    Optional<String> rerunReason,
    List<QueueReason> queueReasons) {

  public RunView {
    queueReasons = List.copyOf(queueReasons);
  }

  public static final String PARENT_RUN_LABEL = "arco.parent_run_id";
  public static final String RERUN_KIND_LABEL = "arco.rerun.kind";
}
