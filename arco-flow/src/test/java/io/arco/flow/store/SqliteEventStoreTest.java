package io.arco.flow.store;

import io.arco.flow.error.StoreException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the store contract against {@link SqliteEventStore}, plus what only a file can show. */
class SqliteEventStoreTest extends EventStoreContract {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("data").resolve("arco.db");
  }

  @Override
  protected EventStore newStore() {
    return SqliteEventStore.open(file());
  }

  @Override
  protected EventStore reopen(EventStore current) {
    current.close();
    return SqliteEventStore.open(file());
  }

  private String query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void createsTheFileAndItsParentDirectories() {
    assertThat(Files.isRegularFile(file())).isTrue();
    assertThat(((SqliteEventStore) store).file()).isEqualTo(file().toAbsolutePath());
  }

  @Test
  void journalModeIsWal() throws SQLException {
    assertThat(query("PRAGMA journal_mode")).isEqualTo("wal");
  }

  @Test
  void writerCommitsDurablyAndWaitsWhenBusy() {
    SqliteEventStore sqlite = (SqliteEventStore) store;
    assertThat(sqlite.writerPragma("journal_mode")).isEqualTo("wal");
    assertThat(sqlite.writerPragma("synchronous")).isEqualTo("2"); // FULL
    assertThat(Integer.parseInt(sqlite.writerPragma("busy_timeout"))).isPositive();
  }

  @Test
  void commitsLeaveCheckpointsToABackgroundThread() throws Exception {
    SqliteEventStore sqlite = (SqliteEventStore) store;
    assertThat(sqlite.writerPragma("wal_autocheckpoint")).isEqualTo("0");
    for (int i = 1; i <= 20; i++) {
      append(A, attempts(A, "t" + i, 1, 5));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sqlite.backgroundCheckpoints() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sqlite.backgroundCheckpoints()).isPositive();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(100);
    }
  }

  @Test
  void schemaVersionIsRecorded() throws SQLException {
    assertThat(query("SELECT version FROM schema_version"))
        .isEqualTo(String.valueOf(SqliteSchema.VERSION));
  }

  @Test
  void fileOfANewerSchemaIsRefused() throws SQLException {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement st = c.createStatement()) {
      st.execute("UPDATE schema_version SET version = " + (SqliteSchema.VERSION + 1));
    }
    assertThatThrownBy(() -> SqliteEventStore.open(file()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("newer");
  }

  @Test
  void eventsAreStoredAsCodecBytesWithIndexedColumns() throws SQLException {
    append(A, attempts(A, "a", 1, 1));
    assertThat(query("SELECT event_type || ' ' || idempotency_key || ' ' || seq FROM events"))
        .isEqualTo("TaskStarted started:run:a:1 1");
    assertThat(query("SELECT CAST(body AS TEXT) FROM events"))
        .startsWith("{\"correlation_id\":\"run\",\"data\":{\"attempt\":1,");
  }

  @Test
  void readsDoNotWaitForAWriteInProgress() throws Exception {
    append(A, attempts(A, "a", 1, 2));
    CountDownLatch inWrite = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // metadata() runs its supplier inside the write transaction, holding the writer.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CompletableFuture<byte[]> slowWrite =
        CompletableFuture.supplyAsync(
            () ->
                store.metadata(
                    "slow",
                    () -> {
                      inWrite.countDown();
                      try {
                        release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return new byte[] {1};
                    }),
            pool);
    try {
      assertThat(inWrite.await(30, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Long> head = CompletableFuture.supplyAsync(() -> store.head(A), pool);
      assertThat(head.get(5, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(store.read(A, 0, 10)).hasSize(2);
      assertThat(slowWrite).isNotDone();
      release.countDown();
      assertThat(slowWrite.get(30, TimeUnit.SECONDS)).containsExactly(1);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
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

  @Test
  void aSecondOpenOfAnOpenStoreInTheSameProcessIsRefusedNamingThisProcess() {
    assertThatThrownBy(() -> SqliteEventStore.open(file()))
        .isInstanceOf(StoreInUseException.class)
        .hasMessage("store in use by another process (pid " + ProcessHandle.current().pid() + ")");
    // The refusal left the holder's lock and store intact.
    assertThat(append(A, attempts(A, "a", 1, 1))).isEqualTo(1);
    assertThatThrownBy(() -> SqliteEventStore.open(file())).isInstanceOf(StoreInUseException.class);
  }

  @Test
  void theLockFileNamesTheHolderAndClosingReleasesIt() throws Exception {
    Path lock = file().resolveSibling("arco.db.lock");
    assertThat(Files.readString(lock).strip())
        .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    store.close();
    store = SqliteEventStore.open(file());
    assertThat(store.head(A)).isZero();
  }

  @Test
  void theDirectoryAndEveryStoreFileAreOwnerOnly() throws Exception {
    assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions");
    append(A, attempts(A, "a", 1, 3));
    store.saveSnapshot(A, new StoredSnapshot(3, new byte[] {1}));
    Path data = file().getParent();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    List<String> names;
    try (var files = Files.list(data)) {
      names = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertThat(names).contains("arco.db", "arco.db-wal", "arco.db-shm", "arco.db.lock");
    for (String name : names) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))))
          .as(name)
          .isEqualTo("rw-------");
    }
  }

  @Test
  void anExistingDirectoryKeepsItsMode() throws Exception {
    assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions");
    Path shared = dir.resolve("shared");
    Files.createDirectory(shared);
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (SqliteEventStore other = SqliteEventStore.open(shared.resolve("x.db"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)))
          .isEqualTo("rwxr-xr-x");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other.file())))
          .isEqualTo("rw-------");
    }
  }
}
