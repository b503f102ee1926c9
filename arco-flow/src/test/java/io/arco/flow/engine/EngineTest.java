package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.Ids;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.RunListQuery;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.codec.SnapshotCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineTest {
  private static final Scope WS = new Scope("t1", "w1");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordingStore store = new RecordingStore();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Engine engine =
      Engine.open(store, clock, EngineOptions.defaults().withTickInterval(Duration.ZERO));

  @AfterEach
  void close() {
    engine.close();
  }

  private void deploy(String... keys) {
    deploy(engine, keys);
  }

  private static void deploy(Engine engine, String... keys) {
    ObjectNode m = JSON.createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "c1");
    var assets = m.putArray("assets");
    for (String k : keys) {
      String[] p = k.split("\\.", 2);
      ObjectNode a = assets.addObject();
      a.putObject("key").put("namespace", p[0]).put("name", p[1]);
      a.put("id", "id-" + k);
    }
    engine.deployManifest(WS, m, Optional.empty(), "tester");
  }

  private String trigger(String key) {
    return engine.triggerRun(WS, TriggerRequest.of(List.of(key)), "tester").runId();
  }

  private List<StoredEvent> log() {
    return store.read(WS, 0, 10_000);
  }

  @Test
  void aCommandAnswersOnlyAfterItsEventsAreInTheStore() {
    deploy("s.a");
    String runId = trigger("s.a");

    assertThat(log())
        .extracting(e -> e.envelope().eventType())
        .containsExactly("RunTriggered", "PlanCreated");
    assertThat(log()).extracting(e -> e.envelope().correlationId()).containsOnly(Optional.of(runId));
  }

  @Test
  void aFailedAppendFailsTheBatchAndLeavesNoTraceInTheProjections() {
    deploy("s.a");
    store.failNext.set(true);

    assertThatThrownBy(() -> trigger("s.a"))
        .isInstanceOf(FlowException.class)
        .hasMessage("event store cannot write: disk full (injected)");

    assertThat(engine.listRuns(WS, new RunListQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0, 10)).runs())
        .isEmpty();
    assertThat(log()).isEmpty();
    String runId = trigger("s.a");
    assertThat(engine.getRun(WS, runId).state()).isEqualTo(PublicRunState.RUNNING);
  }

  @Test
  void theLogHoldsOnlyAppliedEvents() {
    deploy("s.a");
    String runId = trigger("s.a");
    LeasedTask t = engine.lease(WS, new LeaseRequest("w", List.of("default-queue"), 1, 0)).get(0);
    TaskTokenClaims claims =
        new TaskTokenClaims(
            Ids.callbackTaskId(runId, "s.a"), "t1", "w1", Optional.of(runId), Optional.of(1), Optional.of(t.attemptId()));
    var started = new TaskCallbacks.Started(claims.taskId(), claims, 1, t.attemptId(), "w");

    engine.taskStarted(started);
    engine.taskStarted(started);

    assertThat(log()).filteredOn(e -> e.envelope().data() instanceof TaskStarted).hasSize(1);
  }

  @Test
  void foldingTheStoredLogFromEmptyEqualsTheLiveProjections() {
    deploy("s.a", "s.b");
    trigger("s.a");
    String second = trigger("s.b");
    engine.lease(WS, new LeaseRequest("w", List.of("default-queue"), 5, 0));
    engine.cancelRun(WS, second, Optional.empty(), "tester");
    clock.moveTo(clock.instant().plusSeconds(400));
    engine.tickAllAndWait();

    FoldState replayed = new FoldState();
    log().forEach(e -> assertThat(Fold.apply(replayed, e.envelope())).isTrue());

    byte[] live = engine.read(WS, s -> SnapshotCodec.encode(s.snapshot()));
    assertThat(SnapshotCodec.encode(replayed.snapshot())).isEqualTo(live);
  }

  @Test
  void concurrentCommandsShareGroupCommits() throws Exception {
    deploy("s.a");
    store.appendDelayMs = 20;
    int before = store.appends.get();
    List<CompletableFuture<String>> runs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      runs.add(CompletableFuture.supplyAsync(() -> trigger("s.a")));
    }
    for (CompletableFuture<String> f : runs) {
      assertThat(f.get()).isNotBlank();
    }

    assertThat(store.appends.get() - before).isLessThan(40);
    assertThat(log()).hasSize(80);
  }

  @Test
  void theManualClockOnlyMovesForward() {
    Instant now = engine.now();
    assertThatThrownBy(() -> engine.moveClock(now.minusMillis(1)))
        .hasMessage("clock can only move forward");
    assertThat(engine.moveClock(now.plusSeconds(5))).isEqualTo(now.plusSeconds(5));
  }

  @Test
  void newIdsNeverSortBelowTheNewestStoredId() {
    String future = IdGenerator.ulid(() -> Instant.parse("2030-01-01T00:00:00Z"), Optional.empty()).next();
    IdGenerator ids = IdGenerator.ulid(clock, Optional.of(future));

    assertThat(ids.next()).isGreaterThan(future);
  }

  @Test
  void aWorkspaceWhoseRunsEndSnapshotsAtItsCadenceHoweverLongItsLog() {
    RecordingStore recording = new RecordingStore();
    try (Engine e =
        Engine.open(
            recording, clock, EngineOptions.defaults().withTickInterval(Duration.ZERO).withSnapshotEvery(40))) {
      deploy(e, "s.a");
      for (int i = 0; i < 150; i++) {
        String runId = e.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "t").runId();
        LeasedTask t = e.lease(WS, new LeaseRequest("w", List.of("default-queue"), 1, 0)).get(0);
        String taskId = io.arco.flow.model.Ids.callbackTaskId(runId, t.taskKey());
        e.taskCompleted(
            new TaskCallbacks.Completed(
                taskId,
                new TaskTokenClaims(taskId, WS.tenant(), WS.workspace(), Optional.of(runId),
                    Optional.of(t.attempt()), Optional.of(t.attemptId())),
                t.attempt(), t.attemptId(), "w", TaskOutcome.SUCCEEDED, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
      }
      e.awaitSnapshots();
      long head = recording.head(WS);
      List<Long> at = List.copyOf(recording.snapshots);

      // Finished runs leave the live state, so snapshots stay small and keep their cadence: the
      // latest is at most one cadence (plus the batch that crossed it) behind a long log.
      assertThat(head).isGreaterThan(600);
      assertThat(recording.snapshotSizes).allMatch(size -> size < 4096);
      assertThat(head - at.get(at.size() - 1)).isLessThanOrEqualTo(40 + 8);
      for (int i = 1; i < at.size(); i++) {
        assertThat(at.get(i) - at.get(i - 1)).isGreaterThanOrEqualTo(40);
      }
    }
  }

  @Test
  void aLargeLiveStateSpacesItsSnapshotsInProportionToTheirSize() {
    RecordingStore recording = new RecordingStore();
    try (Engine e =
        Engine.open(
            recording, clock, EngineOptions.defaults().withTickInterval(Duration.ZERO).withSnapshotEvery(4))) {
      deploy(e, "s.a");
      for (int i = 0; i < 300; i++) {
        e.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "t");
      }
      e.awaitSnapshots();
      List<Long> at = List.copyOf(recording.snapshots);
      List<Integer> sizes = List.copyOf(recording.snapshotSizes);

      // 300 open runs: the live state grows, so the gap after a snapshot grows with its size
      // (the due check sees the size of the latest snapshot encoded, at most one behind).
      assertThat(at).hasSizeLessThan(150).isNotEmpty();
      for (int i = 2; i < at.size(); i++) {
        assertThat(at.get(i) - at.get(i - 1))
            .isGreaterThanOrEqualTo(Math.max(4, sizes.get(i - 2) / WorkspaceEngine.SNAPSHOT_BYTES_PER_EVENT));
      }
    }
  }

}
