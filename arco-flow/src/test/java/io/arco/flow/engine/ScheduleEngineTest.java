package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.error.FlowException;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.ScheduleTicked;
import io.arco.flow.event.SourceRef;
import io.arco.flow.event.TickStatus;
import io.arco.flow.model.OverlapPolicy;
import io.arco.flow.model.TaskState;
import io.arco.flow.query.TickView;
import io.arco.flow.store.SqliteEventStore;
import io.arco.flow.testing.EngineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleEngineTest {
  private static final Instant T0 = Instant.parse("2025-01-15T09:59:00Z");

  private static List<TickView> ticks(EngineFixture f, String id) {
    return f.engine.listTicks(EngineFixture.WS, id, Optional.empty(), Optional.empty(), Optional.empty(), 1000);
  }

  private static int runs(EngineFixture f) {
    return f.engine.read(EngineFixture.WS, s -> (int) s.runCount());
  }

  private static ScheduleCommand command(String cron, boolean enabled, List<String> assets, Optional<OverlapPolicy> overlap) {
    return new ScheduleCommand(cron, "UTC", 0, 1, enabled, assets, overlap);
  }

  @Test
  void aNewScheduleStartsTickingFromItsCreationTime() {
    try (EngineFixture f = new EngineFixture(Instant.parse("2025-01-15T10:30:00Z"))) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.a");
      f.deploy(m);

      f.advance(Duration.ofMinutes(1));

      assertThat(ticks(f, "daily")).isEmpty();
      f.moveTo(Instant.parse("2025-01-16T10:00:00Z"));
      assertThat(ticks(f, "daily")).extracting(TickView::tickId).containsExactly("daily:1737021600");
    }
  }

  @Test
  void ticksOlderThanTheCatchupWindowAreNotRecorded() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "hourly", "0 * * * *", "s.a").put("catchupWindowMinutes", 120).put("maxCatchupTicks", 10);
      f.deploy(m);

      f.moveTo(T0.plus(Duration.ofHours(6)));

      assertThat(ticks(f, "hourly")).extracting(t -> t.scheduledFor().toString())
          .containsExactly("2025-01-15T15:00:00Z", "2025-01-15T14:00:00Z");
      assertThat(f.engine.getSchedule(EngineFixture.WS, "hourly").lastScheduledFor())
          .contains(Instant.parse("2025-01-15T15:00:00Z"));
    }
  }

  /**
   * Catch-up decisions are facts of the log: a rebuild from the log alone (snapshots and history
   * dropped, every event folded again) gives back the same tick history, the SKIPPED
   * {@code catchup_limit} ticks included, and the schedule does not decide those ticks again.
   */
  @Test
  void catchUpDecisionsAreRebuiltFromTheLogAlone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path db = dir.resolve("arco.db");
    Instant later = T0.plus(Duration.ofHours(5));
    List<TickView> before;
    io.arco.flow.query.ScheduleView scheduleBefore;
    try (EngineFixture f = new EngineFixture(SqliteEventStore.open(db), T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "hourly", "0 * * * *", "s.a").put("maxCatchupTicks", 2).put("catchupWindowMinutes", 600);
      f.deploy(m);
      f.moveTo(later);
      before = ticks(f, "hourly");
      scheduleBefore = f.engine.getSchedule(EngineFixture.WS, "hourly");
    }
    assertThat(before).extracting(TickView::status).containsExactly("TRIGGERED", "TRIGGERED", "SKIPPED", "SKIPPED", "SKIPPED");
    assertThat(before.subList(2, 5)).extracting(TickView::skipReason).containsOnly(Optional.of("catchup_limit"));

    RebuildReport report;
    long head;
    try (SqliteEventStore store = SqliteEventStore.open(db)) {
      head = store.head(EngineFixture.WS);
      report = Engine.rebuild(store, EngineFixture.WS);
    }
    assertThat(report.eventsFolded()).as("the whole log was folded").isEqualTo(head);

    try (EngineFixture f = new EngineFixture(SqliteEventStore.open(db), later)) {
      f.engine.tickAllAndWait();
      assertThat(ticks(f, "hourly")).isEqualTo(before);
      assertThat(f.engine.getSchedule(EngineFixture.WS, "hourly")).isEqualTo(scheduleBefore);
      assertThat(f.store.head(EngineFixture.WS)).as("no tick decided again").isEqualTo(head);
    }
  }

  @Test
  void overlapSkipSkipsTicksWhileThePreviousRunIsOpen() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "hourly", "0 * * * *", "s.a").put("overlapPolicy", "SKIP");
      f.deploy(m);
      f.moveTo(Instant.parse("2025-01-15T10:00:00Z"));
      f.moveTo(Instant.parse("2025-01-15T11:00:00Z"));

      List<TickView> history = ticks(f, "hourly");
      assertThat(history.get(0).skipReason()).contains("overlap");
      assertThat(history.get(1).status()).isEqualTo("TRIGGERED");

      LeasedTask t = f.engine.lease(EngineFixture.WS, new LeaseRequest("w", List.of("default-queue"), 1, 0)).get(0);
      f.succeed(t);
      f.moveTo(Instant.parse("2025-01-15T12:00:00Z"));

      assertThat(ticks(f, "hourly").get(0).status()).isEqualTo("TRIGGERED");
    }
  }

  @Test
  void scheduledRunsArePlannedAgainstTheManifestGraph() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a", "s.b<-s.a");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.b", "s.a");
      f.deploy(m);

      f.moveTo(Instant.parse("2025-01-15T10:00:00Z"));

      String runId = ticks(f, "daily").get(0).runId().orElseThrow();
      var view = f.engine.getRun(EngineFixture.WS, runId);
      assertThat(view.tasks()).extracting(t -> t.taskKey()).containsExactly("s.a", "s.b");
      assertThat(view.tasks().get(1).internalState()).isEqualTo(TaskState.BLOCKED);
      assertThat(view.labels()).isEmpty();
    }
  }

  @Test
  void aRedeployNeverReenablesADisabledScheduleButUpdatesItsCron() {
    try (EngineFixture f = new EngineFixture(T0)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.a");
      f.deploy(m);
      f.engine.setScheduleEnabled(EngineFixture.WS, "daily", false, Optional.empty());
      var m2 = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m2, "daily", "0 11 * * *", "s.a");

      f.deploy(m2);

      var s = f.engine.getSchedule(EngineFixture.WS, "daily");
      assertThat(s.enabled()).isFalse();
      assertThat(s.cronExpression()).isEqualTo("0 11 * * *");
    }
  }

  @Test
  void anUnchangedUpsertWritesNothingAndAReusedKeyForAnotherMutationConflicts() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(EngineFixture.manifest("s.a", "s.b"));
      var created = f.engine.upsertSchedule(EngineFixture.WS, "s1", command("0 10 * * *", true, List.of("s/a"), Optional.empty()), Optional.of("k1"));
      long head = f.store.head(EngineFixture.WS);

      var same = f.engine.upsertSchedule(EngineFixture.WS, "s1", command("0 10 * * *", true, List.of("s.a"), Optional.empty()), Optional.empty());

      assertThat(created.created()).isTrue();
      assertThat(created.schedule().assetSelection()).containsExactly("s.a");
      assertThat(same.created()).isFalse();
      assertThat(same.schedule().definitionVersion()).isEqualTo(created.schedule().definitionVersion());
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      assertThatThrownBy(
              () -> f.engine.upsertSchedule(EngineFixture.WS, "s1", command("0 12 * * *", true, List.of("s.a"), Optional.empty()), Optional.of("k1")))
          .isInstanceOf(FlowException.class)
          .hasMessage("idempotency key already used for a different schedule mutation");
    }
  }

  @Test
  void upsertValidationUsesTheContractMessagesInOrder() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(EngineFixture.manifest("s.a"));
      record Case(ScheduleCommand cmd, String message) {}
      List<Case> cases =
          List.of(
              new Case(command("0 10 * * *", true, List.of(), Optional.empty()), "assetSelection cannot be empty"),
              new Case(command("0 10 * * *", true, List.of(""), Optional.empty()), "assetSelection items cannot be empty"),
              new Case(new ScheduleCommand("0 10 * * *", "UTC", 0, 0, true, List.of("s.a"), Optional.empty()), "maxCatchupTicks must be >= 1"),
              new Case(command("0 10 * *", true, List.of("s.a"), Optional.empty()), "cronExpression must have 5 fields (min..dow) or 6 fields (sec..dow)"),
              new Case(command("0 25 * * *", true, List.of("s.a"), Optional.empty()), "invalid cronExpression"),
              new Case(new ScheduleCommand("0 10 * * *", "Mars/Base", 0, 1, true, List.of("s.a"), Optional.empty()), "invalid timezone"),
              new Case(command("0 10 * * *", true, List.of("s.nope", "s.zz"), Optional.empty()), "unknown asset keys: s.nope, s.zz"));
      for (Case c : cases) {
        assertThatThrownBy(() -> f.engine.upsertSchedule(EngineFixture.WS, "x", c.cmd(), Optional.empty()))
            .hasMessage(c.message());
      }
      assertThatThrownBy(() -> f.engine.getSchedule(EngineFixture.WS, "x")).hasMessage("schedule not found: x");
    }
  }

  @Test
  void aTickAppendedBeforeACrashProducesExactlyOneRunAfterTheRestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path db = dir.resolve("arco.db");
    Instant at = Instant.parse("2025-01-15T10:00:00Z");
    try (EngineFixture first = new EngineFixture(SqliteEventStore.open(db), T0)) {
      var store = first.store;
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.a");
      first.deploy(m);
      // The crash point: the tick and its run request are durable, the controller pass that would
      // create the run never ran.
      String defVersion = first.engine.getSchedule(EngineFixture.WS, "daily").definitionVersion();
      var scope = EngineFixture.WS;
      store.append(
          scope,
          List.of(
              EventEnvelope.of(
                  "02CRASH0000000000000000001", at, scope,
                  new ScheduleTicked("daily", at, "daily:1736935200", defVersion, List.of("s.a"), Optional.empty(),
                      new TickStatus.Triggered(), Optional.of("sched:daily:1736935200"), Optional.of("fp"))),
              EventEnvelope.of(
                  "02CRASH0000000000000000002", at, scope,
                  new RunRequested("sched:daily:1736935200", "fp", List.of("s.a"), Optional.empty(),
                      new SourceRef.Schedule("daily", "daily:1736935200"), Map.of(), Optional.empty()))),
          List.of());
    }
    try (EngineFixture restarted = new EngineFixture(SqliteEventStore.open(db), at.plusSeconds(1))) {
      restarted.engine.tickAllAndWait();
      restarted.engine.tickAllAndWait();
      assertThat(runs(restarted)).isEqualTo(1);
      assertThat(ticks(restarted, "daily")).singleElement().satisfies(t -> assertThat(t.runId()).isPresent());
    }
    try (EngineFixture again = new EngineFixture(SqliteEventStore.open(db), at.plusSeconds(2))) {
      again.engine.tickAllAndWait();
      assertThat(runs(again)).isEqualTo(1);
    }
  }
}
