package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.PublicRunState;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.TickView;
import io.arco.flow.store.PostgresEventStore;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.EngineFixture;
import io.arco.flow.testing.FaultyClusterStore;
import io.arco.flow.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several engines on one PostgreSQL database (decisions §7.11): one writer per workspace, held as
 * a fenced lease; the others follow its appends, refuse commands and route them to it; when the
 * writer goes, another catches up and takes over; controllers act only at the writer.
 */
@Tag("postgres")
class ClusterEngineTest {
  @RegisterExtension static final TestPostgres PG = new TestPostgres();

  private static final Instant T0 = Instant.parse("2025-01-15T10:30:00Z");
  private static final Duration LEASE = Duration.ofMillis(600);
  private static final io.arco.flow.model.Scope WS = EngineFixture.WS;

  private static Engine node(String url, String id, ManualClock clock) {
    return Engine.open(
        PostgresEventStore.open(url),
        clock,
        EngineOptions.defaults()
            .withTickInterval(Duration.ZERO)
            .withCluster(new ClusterOptions(id, "http://" + id + ".example:8080", LEASE)));
  }

  private static TriggerRequest trigger(String asset, Optional<String> runKey) {
    return new TriggerRequest(List.of(asset), false, false, List.of(), Optional.empty(), runKey, Map.of());
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    for (int i = 0; i < 500 && !done.getAsBoolean(); i++) {
      Thread.sleep(20);
    }
    assertThat(done.getAsBoolean()).as(what).isTrue();
  }

  private static boolean writer(Engine e) {
    return e.writerRoute(WS) instanceof WriterRoute.Local;
  }

  private static byte[] liveState(Engine e) {
    return e.read(WS, (FoldState s) -> SnapshotCodec.encode(s.snapshot()));
  }

  @Test
  void aFollowerRoutesCommandsToTheWriterRefusesToRunThemAndFoldsTheWritersAppends() throws Exception {
    String url = PG.newDatabase();
    ManualClock clock = new ManualClock(T0);
    try (Engine a = node(url, "a", clock);
        Engine b = node(url, "b", clock)) {
      assertThat(a.writerRoute(WS)).isEqualTo(new WriterRoute.Local());
      a.deployManifest(WS, EngineFixture.manifest("c.a", "c.b<-c.a"), Optional.empty(), "t");
      String runId = a.triggerRun(WS, trigger("c.b", Optional.of("k1")), "t").runId();

      assertThat(b.writerRoute(WS)).isEqualTo(new WriterRoute.Remote("a", "http://a.example:8080"));
      assertThatThrownBy(() -> b.triggerRun(WS, trigger("c.a", Optional.empty()), "t"))
          .isInstanceOfSatisfying(
              FlowException.class,
              e -> assertThat(e.error()).isInstanceOf(FlowError.WriterUnavailable.class));

      assertThat(b.catchUp(WS)).isEqualTo(a.catchUp(WS));
      assertThat(b.getRun(WS, runId).state()).isEqualTo(PublicRunState.RUNNING);
      assertThat(liveState(b)).as("the follower's projections are the writer's").isEqualTo(liveState(a));

      ClusterStatus status = b.clusterStatus().orElseThrow();
      assertThat(status.nodeId()).isEqualTo("b");
      assertThat(status.nodes()).extracting(n -> n.nodeId()).containsExactly("a", "b");
      assertThat(status.nodes()).allMatch(status::alive);
      assertThat(status.leases()).singleElement().satisfies(l -> assertThat(l.holder()).isEqualTo("a"));
    }
  }

  @Test
  void whenTheWriterShutsDownAnotherNodeTakesOverWithEverythingItAcknowledged() throws Exception {
    String url = PG.newDatabase();
    ManualClock clock = new ManualClock(T0);
    String runId;
    try (Engine b = node(url, "b", clock)) {
      byte[] before;
      try (Engine a = node(url, "a", clock)) {
        assertThat(a.writerRoute(WS)).isEqualTo(new WriterRoute.Local());
        a.deployManifest(WS, EngineFixture.manifest("c.a", "c.b<-c.a"), Optional.empty(), "t");
        runId = a.triggerRun(WS, trigger("c.b", Optional.of("k1")), "t").runId();
        List<LeasedTask> leased = a.lease(WS, new LeaseRequest("w", List.of("default-queue"), 10, 0));
        assertThat(leased).hasSize(1);
        before = liveState(a);
      }
      // a released its lease on the way out: b takes it at once, having caught up.
      assertThat(b.writerRoute(WS)).isEqualTo(new WriterRoute.Local());
      assertThat(liveState(b)).isEqualTo(before);
      assertThat(b.triggerRun(WS, trigger("c.b", Optional.of("k1")), "t").runId())
          .as("the run_key a acknowledged answers the same run at b")
          .isEqualTo(runId);
      assertThat(b.clusterStatus().orElseThrow().leases())
          .singleElement()
          .satisfies(l -> {
            assertThat(l.holder()).isEqualTo("b");
            assertThat(l.epoch()).isEqualTo(2);
          });
    }
  }

  @Test
  void aWriterThatVanishesWithoutAWordIsReplacedOnceItsLeaseLapses() throws Exception {
    String url = PG.newDatabase();
    ManualClock clock = new ManualClock(T0);
    PostgresEventStore aStore = PostgresEventStore.open(url);
    Engine a =
        Engine.open(
            aStore,
            clock,
            EngineOptions.defaults()
                .withTickInterval(Duration.ZERO)
                .withCluster(new ClusterOptions("a", "http://a.example:8080", LEASE)));
    try (Engine b = node(url, "b", clock)) {
      assertThat(a.writerRoute(WS)).isEqualTo(new WriterRoute.Local());
      a.deployManifest(WS, EngineFixture.manifest("c.a"), Optional.empty(), "t");
      String runId = a.triggerRun(WS, trigger("c.a", Optional.empty()), "t").runId();
      // The kill: a's database connections go away at once, so it can neither renew nor release.
      aStore.close();
      assertThatThrownBy(a::clusterStatus)
          .as("a node that cannot read the lease table says the store is unavailable")
          .isInstanceOfSatisfying(
              FlowException.class,
              e -> assertThat(e.error()).isInstanceOf(FlowError.StoreUnavailable.class));
      await("b writes once a's lease lapsed", () -> b.writerRoute(WS) instanceof WriterRoute.Local);
      assertThat(b.getRun(WS, runId).state()).isEqualTo(PublicRunState.RUNNING);
      assertThat(b.lease(WS, new LeaseRequest("w", List.of("default-queue"), 10, 0))).hasSize(1);
    } finally {
      a.close();
    }
  }

  @Test
  void aScheduleTicksOnceWhicheverNodesMoveTheClock() throws Exception {
    String url = PG.newDatabase();
    ManualClock clock = new ManualClock(T0);
    try (Engine a = node(url, "a", clock);
        Engine b = node(url, "b", clock)) {
      var m = EngineFixture.manifest("s.a");
      EngineFixture.withSchedule(m, "daily", "0 10 * * *", "s.a");
      assertThat(a.writerRoute(WS)).isEqualTo(new WriterRoute.Local());
      a.deployManifest(WS, m, Optional.empty(), "t");
      b.catchUp(WS);

      clock.moveTo(Instant.parse("2025-01-16T10:00:00Z"));
      b.tickAllAndWait();
      a.tickAllAndWait();
      b.tickAllAndWait();
      b.catchUp(WS);

      List<TickView> ticks =
          b.listTicks(WS, "daily", Optional.empty(), Optional.empty(), Optional.empty(), 100);
      assertThat(ticks).extracting(TickView::tickId).containsExactly("daily:1737021600");
      assertThat(liveState(b)).isEqualTo(liveState(a));
    }
  }

  @Test
  void aWriterWhoseFailedBatchLeftItsStateStaleRebuildsBeforeFollowingTheNextWriter() throws Exception {
    String url = PG.newDatabase();
    ManualClock clock = new ManualClock(T0);
    FaultyClusterStore aStore = new FaultyClusterStore(PostgresEventStore.open(url));
    try (Engine a =
            Engine.open(
                aStore,
                clock,
                EngineOptions.defaults()
                    .withTickInterval(Duration.ZERO)
                    .withCluster(new ClusterOptions("a", "http://a.example:8080", LEASE)));
        Engine b = node(url, "b", clock)) {
      assertThat(a.writerRoute(WS)).isEqualTo(new WriterRoute.Local());
      a.deployManifest(WS, EngineFixture.manifest("c.a"), Optional.empty(), "t");
      // The trigger commits but its answer is lost, and reading the log back fails too: a's state
      // holds the run while its head does not count it.
      aStore.failNextAppendAfterCommit();
      aStore.failReads(true);
      assertThatThrownBy(() -> a.triggerRun(WS, trigger("c.a", Optional.of("k1")), "t"))
          .isInstanceOf(FlowException.class);
      aStore.failReads(false);
      // a cannot renew for a lease period: it steps down, and b takes over and writes.
      aStore.failRenewals(true);
      await("b writes once a's lease lapsed", () -> b.writerRoute(WS) instanceof WriterRoute.Local);
      aStore.failRenewals(false);
      await("a knows it no longer writes", () -> a.writerRoute(WS) instanceof WriterRoute.Remote);
      String second = b.triggerRun(WS, trigger("c.a", Optional.of("k2")), "t").runId();

      a.catchUp(WS);
      assertThat(a.getRun(WS, second).runId()).isEqualTo(second);
      assertThat(liveState(a)).as("a rebuilt before folding b's appends").isEqualTo(liveState(b));
    }
  }

  @Test
  void aFollowerWhoseCatchUpFailsHalfwayRebuildsInsteadOfFoldingTheSameEventsTwice() throws Exception {
    String url = PG.newDatabase();
    ManualClock clock = new ManualClock(T0);
    try (Engine a = node(url, "a", clock)) {
      assertThat(a.writerRoute(WS)).isEqualTo(new WriterRoute.Local());
      a.deployManifest(WS, EngineFixture.manifest("c.a"), Optional.empty(), "t");
      FaultyClusterStore bStore = new FaultyClusterStore(PostgresEventStore.open(url));
      try (Engine b =
          Engine.open(
              bStore,
              clock,
              EngineOptions.defaults()
                  .withTickInterval(Duration.ZERO)
                  .withCluster(new ClusterOptions("b", "http://b.example:8080", LEASE)))) {
        // b folds the trigger's page, then its read of the next page fails.
        bStore.failOneReadAfter(1);
        a.triggerRun(WS, trigger("c.a", Optional.of("k1")), "t");
        await(
            "b caught up after the failed read",
            () -> {
              try {
                b.catchUp(WS);
                return java.util.Arrays.equals(liveState(b), liveState(a));
              } catch (RuntimeException e) {
                return false;
              }
            });
        assertThat(b.catchUp(WS)).isEqualTo(a.catchUp(WS));
      }
    }
  }

  @Test
  void aNodeTakingOverMintsManifestIdsAboveEveryStoredOneEvenWhenDeploysAppendedNoEvent() throws Exception {
    String url = PG.newDatabase();
    // The clock stands still: every id is minted in the same millisecond, so only the floor keeps
    // a new writer's ids above the manifests the previous writer stored without any event.
    ManualClock clock = new ManualClock(T0);
    List<String> ids = new java.util.ArrayList<>();
    Engine first = node(url, "n0", clock);
    await("n0 writes", () -> writer(first));
    Engine writer = first;
    for (int round = 1; round <= 8; round++) {
      var m = EngineFixture.manifest("c.a");
      m.put("codeVersionId", "code-" + round);
      ids.add(writer.deployManifest(WS, m, Optional.empty(), "t").manifestId());
      Engine next = node(url, "n" + round, clock);
      writer.close();
      await("the next node writes", () -> writer(next));
      writer = next;
    }
    try (Engine last = writer) {
      assertThat(ids).as("manifest ids keep rising across writers").isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
      assertThat(last.writerRoute(WS)).isEqualTo(new WriterRoute.Local());
      for (int i = 0; i < ids.size(); i++) {
        assertThat(last.manifestDocument(WS, ids.get(i)).get("codeVersionId").asText())
            .as("manifest %s keeps its own document", ids.get(i))
            .isEqualTo("code-" + (i + 1));
      }
    }
  }
}
