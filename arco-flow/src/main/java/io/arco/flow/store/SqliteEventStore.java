package io.arco.flow.store;

import io.arco.flow.error.StoreException;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded default {@link EventStore}: one SQLite file in WAL mode with {@code
 * synchronous=FULL}, so a call that writes returns only once its transaction is durable.
 *
 * <p>Concurrency: one writer connection, guarded by a lock, runs every write in a {@code BEGIN
 * IMMEDIATE} transaction (an append's events and side writes commit together or not at all); a
 * small pool of read connections serves reads, which WAL lets proceed while a write is in progress,
 * each seeing the last committed state. Events are stored as {@link io.arco.flow.store.codec.EventCodec} bytes beside the
 * columns of {@link SqliteSchema}; strings compare as UTF-8 bytes (SQLite {@code BINARY}), the
 * order {@link InMemoryEventStore} uses too. Only the latest snapshot of a scope is kept. {@link
 * #close()} waits for calls in progress and closes every connection; later calls throw {@link
 * StoreException}.
 */
public final class SqliteEventStore extends JdbcEventStore {
  private static final int READERS = 4;
  /** Idempotency keys looked up per query before an append (well under SQLite's parameter limit). */
  private static final int KEYS_PER_CHECK = 500;
  private static final int BUSY_TIMEOUT_MS = 10_000;
  private static final java.time.Duration CHECKPOINT_PERIOD = java.time.Duration.ofMillis(250);

  private final Path file;
  private final StoreLock lock;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final List<Connection> readerConnections;
  private final BlockingQueue<Connection> readers;
  private final Connection checkpointConnection;
  private final WalCheckpointer checkpointer;

  /** Calls hold the read side; {@link #close()} takes the write side. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private boolean closed;

  private SqliteEventStore(
      Path file,
      StoreLock lock,
      Connection writer,
      List<Connection> readerConnections,
      Connection checkpointConnection) {
    this.file = file;
    this.lock = lock;
    this.writer = writer;
    this.readerConnections = List.copyOf(readerConnections);
    this.readers = new ArrayBlockingQueue<>(readerConnections.size(), false, readerConnections);
    this.checkpointConnection = checkpointConnection;
    this.checkpointer =
        new WalCheckpointer(checkpointConnection, CHECKPOINT_PERIOD, file.getFileName().toString()).start();
  }

  /**
   * Opens (creating if needed, with its parent directories) the database at {@code dbFile} and
   * brings its schema up to date. The store is locked for this process until {@link #close()}: the
   * lock file {@code dbFile.lock} beside the database holds the pid of its holder (decisions §3).
   * Directories it creates are {@code 0700}, and the database file {@code 0600} (SQLite gives its
   * WAL and shared-memory files the database file's mode).
   *
   * @throws StoreInUseException if another process or another open store of this process holds
   *     the store
   * @throws StoreException if the file cannot be opened or was written by a newer schema
   */
  public static SqliteEventStore open(Path dbFile) {
    Path file = dbFile.toAbsolutePath().normalize();
    List<Connection> opened = new ArrayList<>();
    StoreLock lock = null;
    try {
      Path parent = file.getParent();
      if (parent != null) {
        PrivateFiles.createDirectories(parent);
      }
      lock = StoreLock.acquire(file.resolveSibling(file.getFileName() + ".lock"));
      PrivateFiles.createFile(file);
      Connection writer = connect(file, true);
      opened.add(writer);
      inTransaction(
          writer,
          c -> {
            SqliteSchema.prepare(c);
            return null;
          });
      List<Connection> readerConnections = new ArrayList<>();
      for (int i = 0; i < READERS; i++) {
        Connection r = connect(file, false);
        opened.add(r);
        readerConnections.add(r);
      }
      Connection checkpoints = connect(file, false, false);
      opened.add(checkpoints);
      return new SqliteEventStore(file, lock, writer, readerConnections, checkpoints);
    } catch (IOException | SQLException | RuntimeException e) {
      for (Connection c : opened) {
        closeQuietly(c);
      }
      if (lock != null) {
        lock.close();
      }
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("cannot open event store " + file + ": " + e.getMessage(), e);
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  private static Connection connect(Path file, boolean forWriting) throws SQLException {
    return connect(file, forWriting, !forWriting);
  }

  /**
   * A connection: the writer (WAL, {@code synchronous=FULL}, no checkpoint inside its commits: the
   * {@link WalCheckpointer} does them), a query-only reader, or the checkpointer's own.
   */
  private static Connection connect(Path file, boolean forWriting, boolean queryOnly)
      throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    if (forWriting) {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    } else if (!queryOnly) {
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    }
    Connection c = config.createConnection("jdbc:sqlite:" + file);
    if (forWriting) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA wal_autocheckpoint = 0");
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
    }
    if (queryOnly) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = ON");
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
    }
    return c;
  }

  // ---- the append's parts -------------------------------------------------------------------

  /** The single writer connection serialises appends, so the plain head is the one to extend. */
  @Override
  long headForAppend(Connection c, Scope scope) throws SQLException {
    return head(c, scope, "");
  }

  @Override
  void rejectStoredKeys(Connection c, Scope scope, List<EventEnvelope> events) throws SQLException {
    // One query per chunk of keys, not one per event (a 1,000-task run appends 4,000 events).
    Set<String> stored = new HashSet<>();
    for (int from = 0; from < events.size(); from += KEYS_PER_CHECK) {
      List<EventEnvelope> chunk = events.subList(from, Math.min(events.size(), from + KEYS_PER_CHECK));
      try (PreparedStatement check =
          c.prepareStatement(
              "SELECT idempotency_key FROM events WHERE tenant_id = ? AND workspace_id = ?"
                  + " AND idempotency_key IN (" + "?,".repeat(chunk.size() - 1) + "?)")) {
        bindScope(check, scope);
        for (int i = 0; i < chunk.size(); i++) {
          check.setString(3 + i, chunk.get(i).idempotencyKey());
        }
        try (ResultSet rs = check.executeQuery()) {
          while (rs.next()) {
            stored.add(rs.getString(1));
          }
        }
      }
    }
    Batch.rejectStored(scope, events, stored);
  }


  /** A unique-index violation the pre-checks did not catch (they cover every known case). */
  @Override
  StoreException appendFailure(SQLException ex, Scope scope) {
    String message = String.valueOf(ex.getMessage());
    if (isUniqueViolation(ex) && message.contains("idempotency_key")) {
      return new DuplicateKeyException(
          "idempotency key already stored in " + scope + ": " + message);
    }
    if (isUniqueViolation(ex) && message.contains("event_id")) {
      return new StoreException("event id already stored in " + scope + ": " + message, ex);
    }
    return new StoreException("cannot append to " + scope + ": " + message, ex);
  }

  private static boolean isUniqueViolation(SQLException ex) {
    return ex instanceof SQLiteException se
        && (se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
            || se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
  }

  // ---- lifecycle and plumbing ----------------------------------------------------------------

  /** Background checkpoints that copied log frames so far; for tests. */
  long backgroundCheckpoints() {
    return checkpointer.checkpoints();
  }

  /** The writer connection's value of a read-only pragma such as {@code synchronous}; for tests. */
  String writerPragma(String name) {
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a pragma name: " + name);
    }
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      writeLock.lock();
      try (Statement st = writer.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA " + name)) {
        return rs.next() ? rs.getString(1) : "";
      } catch (SQLException e) {
        throw new StoreException("cannot read pragma " + name, e);
      } finally {
        writeLock.unlock();
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      checkpointer.close();
      closeQuietly(checkpointConnection);
      try (Statement st = writer.createStatement()) {
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (SQLException e) {
        // A checkpoint is an optimisation; the WAL is replayed on the next open.
      }
      for (Connection c : readerConnections) {
        closeQuietly(c);
      }
      closeQuietly(writer);
      lock.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Reads run on one of the reader connections, which WAL lets proceed beside a write. */
  @Override
  <T> T query(SqlWork<T> work) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      Connection c;
      try {
        c = readers.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting for a read connection", e);
      }
      try {
        return work.run(c);
      } catch (SQLException e) {
        throw new StoreException("read failed: " + e.getMessage(), e);
      } finally {
        readers.add(c);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Writes run on the single writer connection, one {@code BEGIN IMMEDIATE} transaction each. */
  @Override
  <T> T transaction(SqlWork<T> work) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      writeLock.lock();
      try {
        return inTransaction(writer, work);
      } finally {
        writeLock.unlock();
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction; commits (durably, as {@code
   * synchronous=FULL}) or rolls back everything.
   */
  private static <T> T inTransaction(Connection c, SqlWork<T> work) {
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        T result = work.run(c);
        st.execute("COMMIT");
        committed = true;
        return result;
      } finally {
        if (!committed) {
          try {
            st.execute("ROLLBACK");
          } catch (SQLException e) {
            // Nothing more to undo: SQLite already rolled back, or the connection is gone.
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("write failed: " + e.getMessage(), e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("the event store " + file + " is closed");
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Closing is best effort; the file stays consistent either way.
    }
  }
}
