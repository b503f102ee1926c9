package io.arco.flow.store.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.arco.flow.fold.EdgeRow;
import io.arco.flow.fold.FinishedRun;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.fold.TimerRow;
import io.arco.flow.model.EdgeResolution;
import io.arco.flow.model.PublicRunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored form of a {@link FinishedRun} in {@code run_history}: the same fields, except that
 * the edges are written as {@link EdgeGroup}s. A run's edges repeat the same resolution for every
 * downstream task of an upstream (a 1,000-task barrier DAG has 50,000 edges but under a thousand
 * distinct resolutions), so one group per run of consecutive edges that share everything but the
 * downstream task, with the downstream tasks as ranges of indices into {@code tasks}, is about a
 * twentieth of the size of one object per edge, and as exact: decoding gives back the same edges
 * in the same order.
 *
 * <p>Rows written before this form carry {@code edges} (one object per edge) and no {@code
 * edgeGroups}; they decode as before. A run with an edge whose downstream task is not among its
 * tasks (the fold never makes one) is written in that older form.
 */
record StoredRun(
    long endedAt,
    RunRow run,
    PublicRunState publicState,
    List<TaskRow> tasks,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EdgeRow> edges,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EdgeGroup> edgeGroups,
    List<TimerRow> timers,
    Optional<RunKeyRow> runKey) {

  StoredRun {
    tasks = tasks == null ? List.of() : tasks;
    edges = edges == null ? List.of() : edges;
    edgeGroups = edgeGroups == null ? List.of() : edgeGroups;
    timers = timers == null ? List.of() : timers;
    runKey = runKey == null ? Optional.empty() : runKey;
  }

  /**
   * Consecutive edges that differ only in their downstream task. {@code downstream} holds pairs
   * (first task index, count) of consecutive indices into the run's task list. Snake_case, like
   * the edge rows it stands for.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record EdgeGroup(
      String runId,
      String upstreamTaskKey,
      boolean satisfied,
      Optional<EdgeResolution> resolution,
      Optional<Instant> satisfiedAt,
      Optional<Integer> satisfyingAttempt,
      String rowVersion,
      List<Integer> downstream) {

    EdgeGroup {
      resolution = resolution == null ? Optional.empty() : resolution;
      satisfiedAt = satisfiedAt == null ? Optional.empty() : satisfiedAt;
      satisfyingAttempt = satisfyingAttempt == null ? Optional.empty() : satisfyingAttempt;
      downstream = downstream == null ? List.of() : downstream;
    }

    boolean sameResolution(EdgeRow e) {
      return runId.equals(e.runId())
          && upstreamTaskKey.equals(e.upstreamTaskKey())
          && satisfied == e.satisfied()
          && resolution.equals(e.resolution())
          && satisfiedAt.equals(e.satisfiedAt())
          && satisfyingAttempt.equals(e.satisfyingAttempt())
          && rowVersion.equals(e.rowVersion());
    }
  }

  static StoredRun of(FinishedRun r) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < r.tasks().size(); i++) {
      index.put(r.tasks().get(i).taskKey(), i);
    }
    List<EdgeGroup> groups = new ArrayList<>();
    EdgeGroup current = null;
    List<Integer> ranges = null;
    for (EdgeRow e : r.edges()) {
      Integer down = index.get(e.downstreamTaskKey());
      if (down == null) {
        return new StoredRun(
            r.endedAt(), r.run(), r.publicState(), r.tasks(), r.edges(), List.of(), r.timers(), r.runKey());
      }
      if (current == null || !current.sameResolution(e)) {
        ranges = new ArrayList<>();
        current =
            new EdgeGroup(
                e.runId(),
                e.upstreamTaskKey(),
                e.satisfied(),
                e.resolution(),
                e.satisfiedAt(),
                e.satisfyingAttempt(),
                e.rowVersion(),
                ranges);
        groups.add(current);
      }
      int n = ranges.size();
      if (n > 0 && ranges.get(n - 2) + ranges.get(n - 1) == down) {
        ranges.set(n - 1, ranges.get(n - 1) + 1);
      } else {
        ranges.add(down);
        ranges.add(1);
      }
    }
    return new StoredRun(
        r.endedAt(), r.run(), r.publicState(), r.tasks(), List.of(), groups, r.timers(), r.runKey());
  }

  FinishedRun toFinishedRun() {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(publicState, "publicState");
    if (edgeGroups.isEmpty()) {
      return new FinishedRun(endedAt, run, publicState, tasks, edges, timers, runKey);
    }
    List<EdgeRow> all = new ArrayList<>(edges);
    for (EdgeGroup g : edgeGroups) {
      List<Integer> d = g.downstream();
      if (d.size() % 2 != 0) {
        throw new CodecException("edge group of " + g.upstreamTaskKey() + " has an odd range list");
      }
      for (int i = 0; i < d.size(); i += 2) {
        int first = d.get(i);
        int count = d.get(i + 1);
        if (first < 0 || count < 1 || first + count > tasks.size()) {
          throw new CodecException("edge group of " + g.upstreamTaskKey() + " names no task");
        }
        for (int t = first; t < first + count; t++) {
          all.add(
              new EdgeRow(
                  g.runId(),
                  g.upstreamTaskKey(),
                  tasks.get(t).taskKey(),
                  g.satisfied(),
                  g.resolution(),
                  g.satisfiedAt(),
                  g.satisfyingAttempt(),
                  g.rowVersion()));
        }
      }
    }
    return new FinishedRun(endedAt, run, publicState, tasks, all, timers, runKey);
  }
}
