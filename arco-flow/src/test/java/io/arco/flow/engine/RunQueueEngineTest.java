package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.arco.flow.model.QueueReason;
import io.arco.flow.control.RunQueue;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.LabelLimit;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.WorkspaceSettings;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.RunListItem;
import io.arco.flow.query.RunListQuery;
import io.arco.flow.query.RunView;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.SqliteEventStore;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.StoredSnapshot;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.EngineFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run queue end to end: settings, leases, run reads, cancels and restarts (decisions §2.7, §6.6). */
class RunQueueEngineTest {
  private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
  private static final Optional<String> NO_KEY = Optional.empty();

  private static EngineFixture fixture() {
    return fixture(new InMemoryEventStore());
  }

  private static EngineFixture fixture(io.arco.flow.store.EventStore store) {
    EngineFixture f = new EngineFixture(store, T0);
    f.deploy(EngineFixture.manifest("s.a", "s.b<-s.a"));
    return f;
  }

  private static WorkspaceSettings put(
      EngineFixture f, Optional<Long> max, WorkspaceSettingsRequest.Limit... limits) {
    return put(f, max, NO_KEY, limits);
  }

  private static WorkspaceSettings put(
      EngineFixture f,
      Optional<Long> max,
      Optional<String> key,
      WorkspaceSettingsRequest.Limit... limits) {
    return f.engine.putWorkspaceSettings(
        EngineFixture.WS, new WorkspaceSettingsRequest(max, List.of(limits)), key);
  }

  private static WorkspaceSettingsRequest.Limit limit(String label, String value, long limit) {
    return new WorkspaceSettingsRequest.Limit(label, Optional.ofNullable(value), limit);
  }

  private static String trigger(EngineFixture f, Map<String, String> labels, String... assets) {
    return f.engine
        .triggerRun(
            EngineFixture.WS,
            new TriggerRequest(
                List.of(assets), false, false, List.of(), Optional.empty(), Optional.empty(), labels),
            "alice")
        .runId();
  }

  private static String trigger(EngineFixture f) {
    return trigger(f, Map.of(), "s.a");
  }

  private static List<LeasedTask> poll(EngineFixture f) {
    return f.engine.lease(EngineFixture.WS, new LeaseRequest("w", List.of("default-queue"), 10, 0));
  }

  private static List<String> runsOf(List<LeasedTask> leased) {
    return leased.stream().map(LeasedTask::runId).toList();
  }

  private static void succeed(EngineFixture f, LeasedTask t) {
    f.succeed(t);
  }

  private static RunView view(EngineFixture f, String runId) {
    return f.engine.getRun(EngineFixture.WS, runId);
  }

  private static long head(EngineFixture f) {
    return f.store.head(EngineFixture.WS);
  }

  private static void assertBadRequest(ThrowingCallable call, String message) {
    FlowException e = catchThrowableOfType(FlowException.class, call);
    assertThat(e).as("expected 400 %s", message).isNotNull();
    assertThat(e.error()).isEqualTo(new FlowError.InvalidRequest(message));
  }

  @Test
  void withMaxConcurrentRunsOneTheSecondRunIsHeldUntilTheFirstEnds() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L));
      String first = trigger(f);
      String second = trigger(f);

      List<LeasedTask> leased = poll(f);

      assertThat(runsOf(leased)).containsExactly(first);
      RunView held = view(f, second);
      assertThat(held.state()).isEqualTo(PublicRunState.PENDING);
      assertThat(held.queueReasons()).containsExactly(new QueueReason.MaxConcurrentRuns(1, 1));
      assertThat(view(f, first).queueReasons()).isEmpty();
      assertThat(view(f, first).state()).isEqualTo(PublicRunState.RUNNING);
      assertThat(poll(f)).isEmpty();

      succeed(f, leased.get(0));

      assertThat(view(f, second).queueReasons()).isEmpty();
      assertThat(runsOf(poll(f))).containsExactly(second);
      assertThat(view(f, second).state()).isEqualTo(PublicRunState.RUNNING);
    }
  }

  @Test
  void aWaitingPollLeasesTheHeldRunAsSoonAsTheSlotFrees() throws Exception {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L));
      trigger(f);
      String second = trigger(f);
      LeasedTask running = poll(f).get(0);

      CompletableFuture<List<LeasedTask>> waiting =
          CompletableFuture.supplyAsync(
              () ->
                  f.engine.lease(
                      EngineFixture.WS, new LeaseRequest("w2", List.of("default-queue"), 10, 10_000)));
      succeed(f, running);

      assertThat(runsOf(waiting.get(10, TimeUnit.SECONDS))).containsExactly(second);
    }
  }

  @Test
  void aRunBetweenTwoTasksKeepsItsSlot() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L));
      String chain = trigger(f, Map.of(), "s.a", "s.b");
      String other = trigger(f);

      LeasedTask a = poll(f).get(0);
      succeed(f, a);
      List<LeasedTask> next = poll(f);

      assertThat(next).extracting(LeasedTask::runId, LeasedTask::taskKey).containsExactly(
          org.assertj.core.groups.Tuple.tuple(chain, "s.b"));
      assertThat(view(f, other).queueReasons()).containsExactly(new QueueReason.MaxConcurrentRuns(1, 1));
      succeed(f, next.get(0));
      assertThat(runsOf(poll(f))).containsExactly(other);
    }
  }

  @Test
  void aLabelLimitWithAValueHoldsOnlyRunsWithThatValue() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.empty(), limit("team", "growth", 1));
      String growth1 = trigger(f, Map.of("team", "growth"), "s.a");
      String growth2 = trigger(f, Map.of("team", "growth"), "s.a");
      String core = trigger(f, Map.of("team", "core"), "s.a");
      String unlabelled = trigger(f);

      assertThat(runsOf(poll(f))).containsExactlyInAnyOrder(growth1, core, unlabelled);
      RunView held = view(f, growth2);
      assertThat(held.state()).isEqualTo(PublicRunState.PENDING);
      assertThat(held.queueReasons())
          .containsExactly(new QueueReason.LabelLimitReached("team", Optional.of("growth"), 1, 1));
    }
  }

  @Test
  void aLabelLimitWithoutAValueCountsEveryValueOfTheLabel() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.empty(), limit("team", null, 2));
      String growth1 = trigger(f, Map.of("team", "growth"), "s.a");
      String core = trigger(f, Map.of("team", "core"), "s.a");
      String growth2 = trigger(f, Map.of("team", "growth"), "s.a");
      String unlabelled = trigger(f);

      List<LeasedTask> leased = poll(f);

      assertThat(runsOf(leased)).containsExactlyInAnyOrder(growth1, core, unlabelled);
      assertThat(view(f, growth2).queueReasons())
          .containsExactly(new QueueReason.LabelLimitReached("team", Optional.empty(), 2, 2));
      succeed(f, leased.stream().filter(t -> t.runId().equals(core)).findFirst().orElseThrow());
      assertThat(runsOf(poll(f))).containsExactly(growth2);
    }
  }

  @Test
  void heldRunsAreLeasedInTheOrderTheyWereTriggered() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L));
      List<String> triggered = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        triggered.add(trigger(f));
        f.advance(java.time.Duration.ofSeconds(1));
      }

      List<String> leasedOrder = new ArrayList<>();
      for (List<LeasedTask> leased = poll(f); !leased.isEmpty(); leased = poll(f)) {
        assertThat(leased).hasSize(1);
        leasedOrder.add(leased.get(0).runId());
        succeed(f, leased.get(0));
      }

      assertThat(leasedOrder).isEqualTo(triggered);
    }
  }

  @Test
  void cancellingAHeldRunEndsItAndTheNextRunTakesItsTurn() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L));
      String first = trigger(f);
      String second = trigger(f);
      String third = trigger(f);
      LeasedTask running = poll(f).get(0);

      CancelResult cancelled = f.engine.cancelRun(EngineFixture.WS, second, Optional.empty(), "alice");

      assertThat(cancelled.state()).isEqualTo(PublicRunState.CANCELLED);
      assertThat(view(f, second).queueReasons()).isEmpty();
      assertThat(view(f, third).queueReasons()).containsExactly(new QueueReason.MaxConcurrentRuns(1, 1));
      assertThat(running.runId()).isEqualTo(first);
      succeed(f, running);
      assertThat(runsOf(poll(f))).containsExactly(third);
    }
  }

  @Test
  void raisingOrClearingTheLimitReleasesHeldRunsOnTheNextPoll() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L));
      trigger(f);
      String second = trigger(f);
      String third = trigger(f);
      poll(f);

      put(f, Optional.of(2L));
      assertThat(runsOf(poll(f))).containsExactly(second);
      assertThat(view(f, third).queueReasons()).containsExactly(new QueueReason.MaxConcurrentRuns(2, 2));

      put(f, Optional.empty());
      assertThat(runsOf(poll(f))).containsExactly(third);
    }
  }

  @Test
  void heldRunsListAsPendingAndTheirTasksStayUnleased() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L));
      String first = trigger(f);
      String second = trigger(f);
      poll(f);

      List<RunListItem> pending =
          f.engine
              .listRuns(
                  EngineFixture.WS,
                  new RunListQuery(Optional.of(PublicRunState.PENDING), Optional.empty(), Optional.empty(), 0, 10))
              .runs();

      assertThat(pending).extracting(RunListItem::runId).containsExactly(second);
      assertThat(view(f, second).tasks()).singleElement().satisfies(t -> assertThat(t.attempt()).isZero());
      assertThat(view(f, first).tasks()).singleElement().satisfies(t -> assertThat(t.attempt()).isOne());
    }
  }

  @Test
  void putAnswersTheCanonicalDocumentAndTheSameDocumentWritesNothing() {
    try (EngineFixture f = fixture()) {
      assertThat(f.engine.workspaceSettings(EngineFixture.WS)).isEqualTo(WorkspaceSettings.DEFAULT);
      long before = head(f);

      WorkspaceSettings answered =
          put(f, Optional.of(2L), limit("team", "growth", 1), limit("team", null, 3));

      WorkspaceSettings expected =
          new WorkspaceSettings(
              Optional.of(2),
              List.of(
                  new LabelLimit("team", Optional.empty(), 3),
                  new LabelLimit("team", Optional.of("growth"), 1)));
      assertThat(answered).isEqualTo(expected);
      assertThat(answered.labelLimits().get(0).value()).isEmpty();
      assertThat(f.engine.workspaceSettings(EngineFixture.WS)).isEqualTo(expected);
      assertThat(head(f)).isEqualTo(before + 1);
      List<StoredEvent> log = f.store.read(EngineFixture.WS, 0, 1_000);
      assertThat(log.get(log.size() - 1).envelope().eventType()).isEqualTo("WorkspaceSettingsChanged");
      assertThat(log.get(log.size() - 1).envelope().idempotencyKey()).startsWith("settings:");

      assertThat(put(f, Optional.of(2L), limit("team", null, 3), limit("team", "growth", 1)))
          .isEqualTo(expected);
      assertThat(head(f)).isEqualTo(before + 1);
    }
  }

  @Test
  void aRepeatedIdempotencyKeyAnswersTheCurrentSettingsAndWritesNothing() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L), Optional.of("req-1"));
      put(f, Optional.of(5L), Optional.of("req-2"));
      long before = head(f);

      WorkspaceSettings replay = put(f, Optional.of(1L), Optional.of("req-1"));

      assertThat(replay.maxConcurrentRuns()).contains(5);
      assertThat(head(f)).isEqualTo(before);
      boolean recorded = f.engine.read(EngineFixture.WS, s -> s.hasIdempotencyKey("settings:req-1"));
      assertThat(recorded).isTrue();
    }
  }

  @Test
  void badSettingsAre400sNamingTheFieldAndWriteNothing() {
    try (EngineFixture f = fixture()) {
      long before = head(f);
      assertBadRequest(() -> put(f, Optional.of(0L)), "maxConcurrentRuns must be >= 1");
      assertBadRequest(() -> put(f, Optional.of(-3L)), "maxConcurrentRuns must be >= 1");
      assertBadRequest(
          () -> put(f, Optional.of(2_147_483_648L)), "maxConcurrentRuns must be <= 2147483647");
      assertBadRequest(
          () -> put(f, Optional.empty(), limit("team", null, 1), limit("", null, 1)),
          "labelLimits[1].label must not be empty");
      assertBadRequest(
          () -> put(f, Optional.empty(), limit("team", "growth", 0)),
          "labelLimits[0].limit must be >= 1");
      assertBadRequest(
          () -> put(f, Optional.empty(), limit("team", "growth", 1), limit("team", null, 1), limit("team", "growth", 2)),
          "labelLimits[2] repeats labelLimits[0] (label 'team', value 'growth')");
      assertBadRequest(
          () -> put(f, Optional.empty(), limit("team", null, 1), limit("team", null, 2)),
          "labelLimits[1] repeats labelLimits[0] (label 'team', no value)");
      assertThat(head(f)).isEqualTo(before);
      assertThat(f.engine.workspaceSettings(EngineFixture.WS)).isEqualTo(WorkspaceSettings.DEFAULT);
    }
  }

  @Test
  void settingsAndHeldRunsAreRebuiltFromTheLog() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L), limit("team", "growth", 1));
      trigger(f, Map.of("team", "growth"), "s.a");
      String held = trigger(f, Map.of("team", "growth"), "s.a");
      poll(f);
      List<QueueReason> reasons = view(f, held).queueReasons();
      assertThat(f.store.latestSnapshot(EngineFixture.WS)).isEmpty();

      try (EngineFixture reopened = new EngineFixture(f.store, T0)) {
        assertThat(reopened.engine.workspaceSettings(EngineFixture.WS))
            .isEqualTo(f.engine.workspaceSettings(EngineFixture.WS));
        assertThat(view(reopened, held).queueReasons()).isEqualTo(reasons).hasSize(2);
      }
    }
  }

  @Test
  void settingsAndHeldRunsSurviveARestartFromASnapshot(@TempDir Path dir) {
    Path db = dir.resolve("arco.db");
    String first;
    String held;
    WorkspaceSettings settings;
    try (EngineFixture f = fixture(SqliteEventStore.open(db))) {
      settings = put(f, Optional.of(1L));
      first = trigger(f);
      held = trigger(f);
      poll(f);
    }
    try (EngineFixture restarted = new EngineFixture(SqliteEventStore.open(db), T0)) {
      long head = restarted.store.head(EngineFixture.WS);
      assertThat(restarted.store.latestSnapshot(EngineFixture.WS))
          .hasValueSatisfying(s -> assertThat(s.sequence()).isEqualTo(head));
      assertThat(restarted.engine.workspaceSettings(EngineFixture.WS)).isEqualTo(settings);
      assertThat(view(restarted, held).queueReasons()).containsExactly(new QueueReason.MaxConcurrentRuns(1, 1));
      assertThat(poll(restarted)).isEmpty();

      LeasedTask running =
          restarted.engine.read(
              EngineFixture.WS,
              s -> WorkerService.leasedTask(EngineFixture.WS, s, s.task(first, "s.a").orElseThrow()));
      succeed(restarted, running);
      assertThat(runsOf(poll(restarted))).containsExactly(held);
    }
  }

  @Test
  void settingsChangedAfterTheLatestSnapshotAreFoldedFromTheTail() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(1L), limit("team", null, 1));
      trigger(f, Map.of("team", "growth"), "s.a");
      String held = trigger(f);
      poll(f);
      f.store.saveSnapshot(
          EngineFixture.WS,
          new StoredSnapshot(
              head(f), f.engine.read(EngineFixture.WS, s -> SnapshotCodec.encode(s.snapshot()))));
      WorkspaceSettings tail = put(f, Optional.of(3L), limit("team", "core", 1));
      assertThat(head(f)).isGreaterThan(f.store.latestSnapshot(EngineFixture.WS).orElseThrow().sequence());

      try (EngineFixture reopened = new EngineFixture(f.store, T0)) {
        assertThat(reopened.engine.workspaceSettings(EngineFixture.WS)).isEqualTo(tail);
        assertThat(view(reopened, held).queueReasons()).isEmpty();
        byte[] live = f.engine.read(EngineFixture.WS, s -> SnapshotCodec.encode(s.snapshot()));
        byte[] rebuilt = reopened.engine.read(EngineFixture.WS, s -> SnapshotCodec.encode(s.snapshot()));
        assertThat(rebuilt).isEqualTo(live);
      }
    }
  }

  @Test
  void loweringALimitPreemptsNoRunInProgress() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(2L));
      String chain1 = trigger(f, Map.of(), "s.a", "s.b");
      String chain2 = trigger(f, Map.of(), "s.a", "s.b");
      List<LeasedTask> firsts = poll(f);
      assertThat(runsOf(firsts)).containsExactly(chain1, chain2);

      put(f, Optional.of(1L));
      String later = trigger(f);
      firsts.forEach(t -> succeed(f, t));

      assertThat(poll(f))
          .extracting(LeasedTask::runId, LeasedTask::taskKey)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(chain1, "s.b"),
              org.assertj.core.groups.Tuple.tuple(chain2, "s.b"));
      assertThat(view(f, later).queueReasons()).containsExactly(new QueueReason.MaxConcurrentRuns(1, 2));
    }
  }

  @Test
  void theRunQueueOfTheReplayedLogEqualsTheLiveOne() {
    try (EngineFixture f = fixture()) {
      put(f, Optional.of(2L), limit("team", null, 1));
      trigger(f, Map.of("team", "growth"), "s.a");
      trigger(f, Map.of("team", "core"), "s.a");
      trigger(f);
      trigger(f);
      poll(f);

      FoldState replayed = new FoldState();
      f.store.read(EngineFixture.WS, 0, 1_000).forEach(e -> Fold.apply(replayed, e.envelope()));
      RunQueue live = f.engine.read(EngineFixture.WS, RunQueue::of);
      RunQueue again = RunQueue.of(replayed);

      assertThat(again.heldRuns()).isEqualTo(live.heldRuns()).hasSize(2);
      for (String run : live.heldRuns()) {
        assertThat(again.reasons(run)).isEqualTo(live.reasons(run));
      }
    }
  }
}
