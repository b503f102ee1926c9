package io.arco.flow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.engine.Engine;
import io.arco.flow.event.Event;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.ScheduleTicked;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.PublicTaskState;
import io.arco.flow.model.Scope;
import io.arco.flow.query.RunView;
import io.arco.flow.query.TaskView;
import io.arco.flow.store.PostgresEventStore;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.codec.SnapshotCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the fault simulations of several serving nodes check once faults stop (decisions §7.11),
 * read from the log itself: each run triggered once, one run per run key and per schedule tick,
 * every acknowledged trigger and completion in the log exactly once, every run terminal, and no
 * task both skipped and started.
 */
public final class ClusterInvariants {
  private ClusterInvariants() {}

  /** A trigger a client had acknowledged: its run key and the run the answer named. */
  public record AckedTrigger(String runKey, String runId) {}

  /** The whole log of {@code ws}, read through a store of its own. */
  public static List<StoredEvent> log(String dbUrl, Scope ws) {
    try (PostgresEventStore s = PostgresEventStore.open(dbUrl)) {
      List<StoredEvent> all = new ArrayList<>();
      while (true) {
        List<StoredEvent> page = s.read(ws, all.size(), 1000);
        if (page.isEmpty()) {
          return all;
        }
        all.addAll(page);
      }
    }
  }

  private static <E extends Event> List<E> events(List<StoredEvent> log, Class<E> type) {
    return log.stream().map(e -> e.envelope().data()).filter(type::isInstance).map(type::cast).toList();
  }

  /** The ids of every run the log triggered. */
  public static Set<String> runIds(List<StoredEvent> log) {
    return events(log, RunTriggered.class).stream().map(RunTriggered::runId).collect(Collectors.toSet());
  }

  /**
   * Checks the log against what clients were told: each run triggered once, one run per run key,
   * each acknowledged trigger present with the run it answered, each schedule tick once, each
   * acknowledged completion (by attempt id) recorded once.
   */
  public static void checkLog(
      List<StoredEvent> log, List<AckedTrigger> triggers, Set<String> acknowledgedAttempts) {
    List<RunTriggered> runs = events(log, RunTriggered.class);
    assertThat(runs.stream().collect(Collectors.groupingBy(RunTriggered::runId, Collectors.counting())))
        .as("each run triggered once")
        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(
            runs.stream()
                .filter(r -> r.runKey().isPresent())
                .collect(Collectors.groupingBy(r -> r.runKey().get(), Collectors.counting())))
        .as("one run per run_key")
        .allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
    Map<String, String> runOfKey = new HashMap<>();
    runs.forEach(r -> r.runKey().ifPresent(k -> runOfKey.put(k, r.runId())));
    for (AckedTrigger a : triggers) {
      assertThat(runOfKey.get(a.runKey()))
          .as("acknowledged trigger %s exists with the run it answered", a.runKey())
          .isEqualTo(a.runId());
    }
    List<ScheduleTicked> ticks = events(log, ScheduleTicked.class);
    assertThat(ticks.stream().map(ScheduleTicked::tickId).distinct().count())
        .as("each schedule tick recorded once")
        .isEqualTo(ticks.size());
    Map<String, Long> completions =
        events(log, TaskCompletionRecorded.class).stream()
            .collect(Collectors.groupingBy(TaskCompletionRecorded::attemptId, Collectors.counting()));
    for (String attemptId : acknowledgedAttempts) {
      assertThat(completions.get(attemptId))
          .as("acknowledged completion of attempt %s recorded once", attemptId)
          .isEqualTo(1L);
    }
  }

  /**
   * Checks the log's backfills against what clients were told ({@code acknowledged}: request id →
   * backfill id): one backfill per request id, each acknowledged one present with the id it
   * answered, and each chunk of each round planned once.
   */
  public static void checkBackfills(List<StoredEvent> log, Map<String, String> acknowledged) {
    List<io.arco.flow.event.BackfillCreated> created = events(log, io.arco.flow.event.BackfillCreated.class);
    assertThat(created.stream().collect(Collectors.groupingBy(b -> b.clientRequestId(), Collectors.counting())))
        .as("one backfill per request id")
        .allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
    Map<String, String> byRequest = new HashMap<>();
    created.forEach(b -> byRequest.put(b.clientRequestId(), b.backfillId()));
    acknowledged.forEach(
        (request, id) ->
            assertThat(byRequest.get(request))
                .as("acknowledged backfill %s exists with the id it answered", request)
                .isEqualTo(id));
    List<io.arco.flow.event.BackfillChunkPlanned> chunks =
        events(log, io.arco.flow.event.BackfillChunkPlanned.class);
    assertThat(chunks.stream().map(c -> c.backfillId() + " " + c.chunkIndex() + " " + c.retryRound()).distinct().count())
        .as("each backfill chunk planned once per round")
        .isEqualTo(chunks.size());
  }

  /** Every run of the log is terminal in {@code view}, and none of its skipped tasks ever started. */
  public static void checkRuns(List<StoredEvent> log, Function<String, RunView> view) {
    Set<String> started =
        events(log, TaskStarted.class).stream()
            .map(s -> s.runId() + " " + s.taskKey())
            .collect(Collectors.toSet());
    for (String runId : runIds(log)) {
      RunView run = view.apply(runId);
      assertThat(run.state().isTerminal()).as("run %s terminal", runId).isTrue();
      for (TaskView t : run.tasks()) {
        if (t.state() == PublicTaskState.SKIPPED) {
          assertThat(started)
              .as("skipped task %s of %s never started", t.taskKey(), runId)
              .doesNotContain(runId + " " + t.taskKey());
        }
      }
    }
  }

  /** A node's live projections of {@code ws}, encoded as a snapshot (canonical bytes). */
  public static byte[] liveState(Engine e, Scope ws) {
    return e.read(ws, (FoldState s) -> SnapshotCodec.encode(s.snapshot()));
  }
}
