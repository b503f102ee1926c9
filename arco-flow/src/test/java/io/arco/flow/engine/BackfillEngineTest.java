package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.ChunkState;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.query.BackfillChunkView;
import io.arco.flow.query.BackfillView;
import io.arco.flow.testing.EngineFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class BackfillEngineTest {
  static final Instant T0 = Instant.parse("2025-02-01T00:00:00Z");

  /** A manifest whose asset {@code s.daily} has a daily time dimension {@code date}. */
  static ObjectNode dailyManifest() {
    ObjectNode m = EngineFixture.manifest("s.daily", "s.plain");
    ((ObjectNode) m.get("assets").get(0))
        .putObject("partitioning")
        .putArray("dimensions")
        .addObject()
        .put("name", "date")
        .put("kind", "time")
        .put("granularity", "day");
    return m;
  }

  static BackfillRequest range(String key, String start, String end, int chunk, int concurrency) {
    return new BackfillRequest(
        List.of("s.daily"), new PartitionSelector.Range(start, end), Optional.of(key), chunk, concurrency);
  }

  static List<BackfillChunkView> chunks(EngineFixture f, String id) {
    return f.engine.listBackfillChunks(EngineFixture.WS, id, Optional.empty(), -1, 1000);
  }

  /**
   * Acts as a worker: leases every claimable task and completes it, failing those whose partition
   * key matches {@code fail} (non-retryable); repeats until nothing is claimable.
   */
  static int drain(EngineFixture f, Predicate<String> fail) {
    int done = 0;
    for (List<LeasedTask> leased = f.lease(50); !leased.isEmpty(); leased = f.lease(50)) {
      for (LeasedTask t : leased) {
        boolean failed = t.partitionKey().map(fail::test).orElse(false);
        f.complete(
            t,
            failed ? TaskOutcome.FAILED : TaskOutcome.SUCCEEDED,
            Optional.empty(),
            failed
                ? Optional.of(new TaskError(ErrorCategory.DATA_QUALITY, "bad data", Optional.empty(), Optional.of(false)))
                : Optional.empty());
        done++;
      }
    }
    return done;
  }

  @Test
  void aRangeBackfillIsChunkedWithBoundedConcurrencyAndSucceeds() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());

      BackfillCreateResult created = f.engine.createBackfill(EngineFixture.WS, range("req-1", "2025-01-01", "2025-01-25", 10, 2));

      assertThat(created.created()).isTrue();
      BackfillView v = f.engine.getBackfill(EngineFixture.WS, created.backfillId());
      assertThat(v.state()).isEqualTo(BackfillState.RUNNING);
      assertThat(v.stateVersion()).isEqualTo(1);
      assertThat(v.totalPartitions()).isEqualTo(25);
      assertThat(v.chunkCounts().total()).isEqualTo(3);
      List<BackfillChunkView> planned = chunks(f, created.backfillId());
      assertThat(planned).hasSize(2);
      assertThat(planned.get(0).partitionKeys()).hasSize(10).first().isEqualTo("date=d:2025-01-01");
      assertThat(planned.get(0).runKey()).isEqualTo("backfill:" + created.backfillId() + ":chunk:0");
      assertThat(planned).allSatisfy(c -> assertThat(c.state()).isEqualTo(ChunkState.RUNNING));
      String runId = planned.get(0).runId().orElseThrow();
      var run = f.engine.getRun(EngineFixture.WS, runId);
      assertThat(run.taskCounts().total()).isEqualTo(10);
      assertThat(run.labels()).containsEntry("arco.backfill_id", created.backfillId());

      assertThat(drain(f, k -> false)).isEqualTo(25);

      BackfillView done = f.engine.getBackfill(EngineFixture.WS, created.backfillId());
      assertThat(done.state()).isEqualTo(BackfillState.SUCCEEDED);
      assertThat(done.stateVersion()).isEqualTo(2);
      assertThat(done.chunkCounts()).isEqualTo(new BackfillView.ChunkCounts(3, 0, 0, 3, 0, 0));
      assertThat(chunks(f, created.backfillId()).get(2).partitionKeys())
          .containsExactly("date=d:2025-01-21", "date=d:2025-01-22", "date=d:2025-01-23", "date=d:2025-01-24", "date=d:2025-01-25");
    }
  }

  /**
   * Chunk planning is recorded in the log: a rebuild from the log alone (snapshots and history
   * dropped, every event folded again) gives back the backfill, its chunks with their runs and
   * states and its chunk counts, halfway through and at the end, and planning continues from there.
   */
  @Test
  void chunkPlanningIsRebuiltFromTheLogAlone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path db = dir.resolve("arco.db");
    String id;
    BackfillView halfway;
    List<BackfillChunkView> chunksHalfway;
    try (EngineFixture f = new EngineFixture(io.arco.flow.store.SqliteEventStore.open(db), T0)) {
      f.deploy(dailyManifest());
      id = f.engine.createBackfill(EngineFixture.WS, range("req-1", "2025-01-01", "2025-01-06", 2, 1)).backfillId();
      f.lease(10).forEach(f::succeed); // the first chunk's two tasks; the second chunk is planned
      halfway = f.engine.getBackfill(EngineFixture.WS, id);
      chunksHalfway = chunks(f, id);
    }
    assertThat(halfway.state()).isEqualTo(BackfillState.RUNNING);
    assertThat(chunksHalfway).extracting(BackfillChunkView::state)
        .containsExactly(ChunkState.SUCCEEDED, ChunkState.RUNNING);

    long head;
    io.arco.flow.engine.RebuildReport report;
    try (io.arco.flow.store.SqliteEventStore store = io.arco.flow.store.SqliteEventStore.open(db)) {
      head = store.head(EngineFixture.WS);
      report = Engine.rebuild(store, EngineFixture.WS);
    }
    assertThat(report.eventsFolded()).as("the whole log was folded").isEqualTo(head);

    try (EngineFixture f = new EngineFixture(io.arco.flow.store.SqliteEventStore.open(db), T0)) {
      assertThat(f.engine.getBackfill(EngineFixture.WS, id)).isEqualTo(halfway);
      assertThat(chunks(f, id)).isEqualTo(chunksHalfway);

      assertThat(drain(f, k -> false)).isEqualTo(4);
      BackfillView done = f.engine.getBackfill(EngineFixture.WS, id);
      assertThat(done.state()).isEqualTo(BackfillState.SUCCEEDED);
      assertThat(done.chunkCounts()).isEqualTo(new BackfillView.ChunkCounts(3, 0, 0, 3, 0, 0));
    }
  }

  @Test
  void aChunkRunHasOneTaskPerPartitionKeyedAssetAtPartition() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());
      String id = f.engine.createBackfill(EngineFixture.WS, range("req-1", "2025-01-01", "2025-01-02", 10, 1)).backfillId();

      String runId = chunks(f, id).get(0).runId().orElseThrow();
      Set<String> keys = f.engine.read(EngineFixture.WS, s -> s.tasksOf(runId).keySet());
      assertThat(keys).containsExactly("s.daily@date=d:2025-01-01", "s.daily@date=d:2025-01-02");
      Optional<String> partition =
          f.engine.read(EngineFixture.WS, s -> s.tasksOf(runId).get("s.daily@date=d:2025-01-02").partitionKey());
      assertThat(partition).contains("date=d:2025-01-02");
    }
  }

  @Test
  void createIsIdempotentOnItsKeyAndAReusedKeyWithAnotherRequestConflicts() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());
      BackfillCreateResult first = f.engine.createBackfill(EngineFixture.WS, range("req-1", "2025-01-01", "2025-01-05", 0, 0));
      long head = f.store.head(EngineFixture.WS);

      BackfillCreateResult again = f.engine.createBackfill(EngineFixture.WS, range("req-1", "2025-01-01", "2025-01-05", 10, 2));
      FlowException conflict =
          catchThrowableOfType(
              FlowException.class,
              () -> f.engine.createBackfill(EngineFixture.WS, range("req-1", "2025-01-01", "2025-01-06", 10, 2)));

      assertThat(again.created()).isFalse();
      assertThat(again.backfillId()).isEqualTo(first.backfillId());
      assertThat(again.acceptedEventId()).isEqualTo(first.acceptedEventId());
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      assertThat(conflict.error()).isInstanceOf(FlowError.Conflict.class);
      assertThat(conflict.getMessage()).isEqualTo("idempotency key already used for a different backfill");
      int backfills = f.engine.read(EngineFixture.WS, s -> s.backfills().size());
      assertThat(backfills).isEqualTo(1);
    }
  }

  @Test
  void invalidRequestsAreRefusedInTheContractsOrderAndWriteNothing() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());
      long head = f.store.head(EngineFixture.WS);
      Map<BackfillRequest, String> cases = new java.util.LinkedHashMap<>();
      cases.put(new BackfillRequest(List.of(), new PartitionSelector.Explicit(List.of("2025-01-01")), Optional.of("k"), 0, 0), "assetSelection cannot be empty");
      cases.put(new BackfillRequest(List.of("s.daily", "s.plain"), new PartitionSelector.Explicit(List.of("x")), Optional.of("k"), 0, 0), "multi-asset backfills are not supported yet");
      cases.put(new BackfillRequest(List.of("s.daily"), new PartitionSelector.Explicit(List.of("x")), Optional.empty(), 0, 0), "clientRequestId or Idempotency-Key is required");
      cases.put(new BackfillRequest(List.of("s.daily"), new PartitionSelector.Explicit(List.of()), Optional.of("k"), 0, 0), "partition selector cannot be empty");
      cases.put(new BackfillRequest(List.of("s.daily"), new PartitionSelector.Explicit(List.of("")), Optional.of("k"), 0, 0), "partition key cannot be empty");
      cases.put(range("k", " ", "2025-01-01", 0, 0), "range selector requires start and end");
      cases.put(range("k", "01/01/2025", "2025-01-02", 0, 0), "partition selector bounds must use YYYY-MM-DD");
      cases.put(range("k", "2025-01-03", "2025-01-02", 0, 0), "partition selector start must be less than or equal to end");
      cases.put(new BackfillRequest(List.of("s.daily"), new PartitionSelector.Filter(Map.of()), Optional.of("k"), 0, 0), "filter selector cannot be empty");
      cases.put(new BackfillRequest(List.of("s.daily"), new PartitionSelector.Filter(Map.of("region", "eu")), Optional.of("k"), 0, 0), "filter selector supports only start/end bounds");
      cases.put(new BackfillRequest(List.of("s.daily"), new PartitionSelector.Filter(Map.of("start", "2025-01-01", "partition_start", "2025-01-02", "end", "2025-01-03")), Optional.of("k"), 0, 0), "filter selector start bounds are conflicting");
      cases.put(new BackfillRequest(List.of("s.daily"), new PartitionSelector.Filter(Map.of("start", "2025-01-01")), Optional.of("k"), 0, 0), "filter selector requires start/end bounds");
      cases.put(new BackfillRequest(List.of("s.nope"), new PartitionSelector.Explicit(List.of("2025-01-01")), Optional.of("k"), 0, 0), "unknown asset keys: s.nope");
      cases.put(new BackfillRequest(List.of("s.plain"), new PartitionSelector.Explicit(List.of("2025-01-01")), Optional.of("k"), 0, 0), "partition key provided for unpartitioned asset: s.plain");
      cases.forEach(
          (req, message) ->
              assertThat(catchThrowableOfType(FlowException.class, () -> f.engine.createBackfill(EngineFixture.WS, req)).getMessage())
                  .as(message)
                  .isEqualTo(message));
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      // The key of a refused request is still free.
      assertThat(f.engine.createBackfill(EngineFixture.WS, range("k", "2025-01-01", "2025-01-01", 0, 0)).created()).isTrue();
    }
  }

  @Test
  void explicitKeysAreStoredCanonicalInTheirOrderWithoutDuplicates() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());
      String id =
          f.engine
              .createBackfill(
                  EngineFixture.WS,
                  new BackfillRequest(
                      List.of("s/daily"),
                      new PartitionSelector.Explicit(List.of("2025-01-03", "date=d:2025-01-01", "2025-01-03")),
                      Optional.of("k"),
                      10,
                      2))
              .backfillId();

      BackfillView v = f.engine.getBackfill(EngineFixture.WS, id);
      assertThat(v.partitionSelector())
          .isEqualTo(new PartitionSelector.Explicit(List.of("date=d:2025-01-03", "date=d:2025-01-01")));
      assertThat(v.totalPartitions()).isEqualTo(2);
      assertThat(v.assetSelection()).containsExactly("s.daily");
    }
  }

  @Test
  void pauseStopsPlanningAndResumeContinuesWhereItStopped() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());
      String id = f.engine.createBackfill(EngineFixture.WS, range("req", "2025-01-01", "2025-01-30", 10, 1)).backfillId();

      BackfillView paused = f.engine.pauseBackfill(EngineFixture.WS, id, "ops");
      drain(f, k -> false);

      assertThat(paused.state()).isEqualTo(BackfillState.PAUSED);
      assertThat(paused.stateVersion()).isEqualTo(2);
      assertThat(chunks(f, id)).hasSize(1).allSatisfy(c -> assertThat(c.state()).isEqualTo(ChunkState.SUCCEEDED));
      assertThat(f.engine.pauseBackfill(EngineFixture.WS, id, "ops").stateVersion()).isEqualTo(2);

      BackfillView resumed = f.engine.resumeBackfill(EngineFixture.WS, id, "ops");
      assertThat(resumed.stateVersion()).isEqualTo(3);
      assertThat(chunks(f, id)).extracting(BackfillChunkView::chunkIndex).containsExactly(0, 1);
      drain(f, k -> false);
      assertThat(f.engine.getBackfill(EngineFixture.WS, id).state()).isEqualTo(BackfillState.SUCCEEDED);
      assertThat(f.engine.getBackfill(EngineFixture.WS, id).stateVersion()).isEqualTo(4);
    }
  }

  @Test
  void cancelCancelsTheOpenRunsAndPlansNothingMore() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());
      String id = f.engine.createBackfill(EngineFixture.WS, range("req", "2025-01-01", "2025-01-30", 10, 2)).backfillId();

      BackfillView cancelled = f.engine.cancelBackfill(EngineFixture.WS, id, "ops");

      assertThat(cancelled.state()).isEqualTo(BackfillState.CANCELLED);
      assertThat(chunks(f, id)).hasSize(2).allSatisfy(c -> assertThat(c.state()).isEqualTo(ChunkState.CANCELLED));
      assertThat(drain(f, k -> false)).isZero();
      assertThat(chunks(f, id)).hasSize(2);
      FlowException e = catchThrowableOfType(FlowException.class, () -> f.engine.resumeBackfill(EngineFixture.WS, id, "ops"));
      assertThat(e.getMessage()).isEqualTo("backfill " + id + " is CANCELLED; cannot resume");
      assertThat(f.engine.cancelBackfill(EngineFixture.WS, id, "ops").stateVersion()).isEqualTo(2);
    }
  }

  @Test
  void retryFailedPlansOnlyThePartitionsWhoseLatestChunkFailedInSortedOrder() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());
      String id =
          f.engine
              .createBackfill(
                  EngineFixture.WS,
                  new BackfillRequest(
                      List.of("s.daily"),
                      new PartitionSelector.Explicit(
                          List.of("2025-01-05", "2025-01-01", "2025-01-04", "2025-01-02", "2025-01-03")),
                      Optional.of("req"),
                      2,
                      3))
              .backfillId();
      List<String> bad = new ArrayList<>(List.of("date=d:2025-01-04", "date=d:2025-01-01"));

      drain(f, bad::contains);

      BackfillView failed = f.engine.getBackfill(EngineFixture.WS, id);
      assertThat(failed.state()).isEqualTo(BackfillState.FAILED);
      assertThat(failed.chunkCounts().failed()).isEqualTo(2);
      FlowException early = catchThrowableOfType(FlowException.class, () -> f.engine.pauseBackfill(EngineFixture.WS, id, "ops"));
      assertThat(early.getMessage()).isEqualTo("backfill " + id + " is FAILED; cannot pause");

      BackfillView retried = f.engine.retryFailedBackfill(EngineFixture.WS, id, "ops");

      assertThat(retried.state()).isEqualTo(BackfillState.RUNNING);
      assertThat(retried.retryRound()).isEqualTo(1);
      List<BackfillChunkView> all = chunks(f, id);
      // Chunks 0..2 were [05,01] [04,02] [03]; both failing chunks are retried in sorted order.
      assertThat(all.subList(3, all.size()))
          .extracting(BackfillChunkView::partitionKeys)
          .containsExactly(List.of("date=d:2025-01-01", "date=d:2025-01-02"), List.of("date=d:2025-01-04", "date=d:2025-01-05"));
      assertThat(all.get(3).runKey()).isEqualTo("backfill:" + id + ":chunk:3");
      assertThat(all.get(3).retryRound()).isEqualTo(1);
      assertThat(retried.chunkCounts().total()).isEqualTo(5);

      bad.remove("date=d:2025-01-01");
      drain(f, bad::contains);
      assertThat(f.engine.getBackfill(EngineFixture.WS, id).state()).isEqualTo(BackfillState.FAILED);
      f.engine.retryFailedBackfill(EngineFixture.WS, id, "ops");
      List<BackfillChunkView> round2 = chunks(f, id);
      assertThat(round2.get(round2.size() - 1).partitionKeys()).containsExactly("date=d:2025-01-04", "date=d:2025-01-05");
      drain(f, k -> false);
      BackfillView ok = f.engine.getBackfill(EngineFixture.WS, id);
      assertThat(ok.state()).isEqualTo(BackfillState.SUCCEEDED);
      assertThat(ok.retryRound()).isEqualTo(2);
    }
  }

  @Test
  void lifecycleTransitionsAreMonotonicAndIllegalOnesConflict() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());
      String id = f.engine.createBackfill(EngineFixture.WS, range("req", "2025-01-01", "2025-01-30", 10, 1)).backfillId();
      List<Integer> versions = new ArrayList<>();
      versions.add(f.engine.getBackfill(EngineFixture.WS, id).stateVersion());
      versions.add(f.engine.pauseBackfill(EngineFixture.WS, id, "a").stateVersion());
      versions.add(f.engine.resumeBackfill(EngineFixture.WS, id, "a").stateVersion());
      versions.add(f.engine.resumeBackfill(EngineFixture.WS, id, "a").stateVersion());
      versions.add(f.engine.pauseBackfill(EngineFixture.WS, id, "a").stateVersion());
      versions.add(f.engine.cancelBackfill(EngineFixture.WS, id, "a").stateVersion());

      assertThat(versions).containsExactly(1, 2, 3, 3, 4, 5);
      assertThat(catchThrowableOfType(FlowException.class, () -> f.engine.retryFailedBackfill(EngineFixture.WS, id, "a")).getMessage())
          .isEqualTo("backfill " + id + " is CANCELLED; cannot retry-failed");
      assertThat(catchThrowableOfType(FlowException.class, () -> f.engine.pauseBackfill(EngineFixture.WS, "nope", "a")).getMessage())
          .isEqualTo("backfill not found: nope");
    }
  }

  @Test
  void theBackfillStateRebuiltFromTheLogEqualsTheLiveStateByteForByte() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dailyManifest());
      String id = f.engine.createBackfill(EngineFixture.WS, range("req", "2025-01-01", "2025-01-09", 2, 2)).backfillId();
      drain(f, k -> k.equals("date=d:2025-01-05"));
      f.engine.retryFailedBackfill(EngineFixture.WS, id, "ops");
      f.engine.pauseBackfill(EngineFixture.WS, id, "ops");

      byte[] secret =
          f.store.metadata(
              "run-id-secret:" + EngineFixture.WS.tenant() + "/" + EngineFixture.WS.workspace(),
              () -> {
                throw new AssertionError("the engine created the secret");
              });
      io.arco.flow.fold.FoldState replayed = new io.arco.flow.fold.FoldState(secret);
      f.store.read(EngineFixture.WS, 0, 100_000)
          .forEach(e -> assertThat(io.arco.flow.fold.Fold.apply(replayed, e.envelope())).isTrue());

      byte[] live = f.engine.read(EngineFixture.WS, s -> io.arco.flow.store.codec.SnapshotCodec.encode(s.snapshot()));
      assertThat(io.arco.flow.store.codec.SnapshotCodec.encode(replayed.snapshot())).isEqualTo(live);
      assertThat(io.arco.flow.fold.FoldState.fromSnapshot(replayed.snapshot(), secret).chunkOfRun(
              chunks(f, id).get(0).runId().orElseThrow()))
          .map(c -> c.chunkIndex())
          .contains(0);
    }
  }

  @Test
  void aRangeOverATimeAndAStaticDimensionCoversEveryPairTimeMajor() {
    try (EngineFixture f = new EngineFixture(T0)) {
      ObjectNode m = EngineFixture.manifest("s.multi");
      var dims = ((ObjectNode) m.get("assets").get(0)).putObject("partitioning").putArray("dimensions");
      dims.addObject().put("name", "date").put("kind", "time").put("granularity", "day");
      dims.addObject().put("name", "region").put("kind", "static").putArray("values").add("us").add("eu");
      f.deploy(m);

      String id =
          f.engine
              .createBackfill(
                  EngineFixture.WS,
                  new BackfillRequest(
                      List.of("s.multi"), new PartitionSelector.Range("2025-01-01", "2025-01-03"), Optional.of("k"), 4, 2))
              .backfillId();

      assertThat(f.engine.getBackfill(EngineFixture.WS, id).totalPartitions()).isEqualTo(6);
      assertThat(chunks(f, id).get(0).partitionKeys())
          .containsExactly(
              "date=d:2025-01-01,region=s:ZXU", "date=d:2025-01-01,region=s:dXM",
              "date=d:2025-01-02,region=s:ZXU", "date=d:2025-01-02,region=s:dXM");
      assertThat(drain(f, k -> false)).isEqualTo(6);
      assertThat(f.engine.getBackfill(EngineFixture.WS, id).state()).isEqualTo(BackfillState.SUCCEEDED);
    }
  }

  @Test
  void aBackfillOverADynamicSetKeepsTheMembersItWasCreatedWith() {
    try (EngineFixture f = new EngineFixture(T0)) {
      ObjectNode m = EngineFixture.manifest("s.per_customer");
      var dims = ((ObjectNode) m.get("assets").get(0)).putObject("partitioning").putArray("dimensions");
      dims.addObject().put("name", "date").put("kind", "time").put("granularity", "day");
      dims.addObject().put("name", "customer").put("kind", "dynamic").put("set", "customers");
      f.deploy(m);
      f.engine.changePartitionSetMembers(EngineFixture.WS, "customers", List.of("acme", "globex"), List.of(), Optional.empty());

      String id =
          f.engine
              .createBackfill(
                  EngineFixture.WS,
                  new BackfillRequest(
                      List.of("s.per_customer"), new PartitionSelector.Range("2025-01-01", "2025-01-02"), Optional.of("k"), 1, 1))
              .backfillId();
      f.engine.changePartitionSetMembers(EngineFixture.WS, "customers", List.of("initech"), List.of("acme"), Optional.empty());
      drain(f, k -> false);

      List<String> planned = chunks(f, id).stream().flatMap(c -> c.partitionKeys().stream()).toList();
      assertThat(planned).hasSize(4).allSatisfy(k -> assertThat(k).doesNotContain("customer=s:aW5pdGVjaA"));
      assertThat(planned).contains("customer=s:YWNtZQ,date=d:2025-01-01");
      assertThat(f.engine.getBackfill(EngineFixture.WS, id).state()).isEqualTo(BackfillState.SUCCEEDED);
    }
  }
}
