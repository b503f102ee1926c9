package io.arco.flow.store;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import io.arco.flow.store.codec.EventCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
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
 * each seeing the last committed state. Events are stored as {@link EventCodec} bytes beside the
 * columns of {@link SqliteSchema}; strings compare as UTF-8 bytes (SQLite {@code BINARY}), the
 * order {@link InMemoryEventStore} uses too. Only the latest snapshot of a scope is kept. {@link
 * #close()} waits for calls in progress and closes every connection; later calls throw {@link
 * StoreException}.
 */
public final class SqliteEventStore implements EventStore {
  private static final int READERS = 4;
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private final Path file;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final List<Connection> readerConnections;
  private final BlockingQueue<Connection> readers;

  /** Calls hold the read side; {@link #close()} takes the write side. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private boolean closed;

  private SqliteEventStore(Path file, Connection writer, List<Connection> readerConnections) {
    this.file = file;
    this.writer = writer;
    this.readerConnections = List.copyOf(readerConnections);
    this.readers = new ArrayBlockingQueue<>(readerConnections.size(), false, readerConnections);
  }

  /**
   * Opens (creating if needed, with its parent directories) the database at {@code dbFile} and
   * brings its schema up to date.
   *
   * @throws StoreException if the file cannot be opened or was written by a newer schema
   */
  public static SqliteEventStore open(Path dbFile) {
    Path file = dbFile.toAbsolutePath().normalize();
    List<Connection> opened = new ArrayList<>();
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
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
      return new SqliteEventStore(file, writer, readerConnections);
    } catch (IOException | SQLException | RuntimeException e) {
      for (Connection c : opened) {
        closeQuietly(c);
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
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    if (forWriting) {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    }
    Connection c = config.createConnection("jdbc:sqlite:" + file);
    if (!forWriting) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = ON");
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
    }
    return c;
  }

  // ---- events --------------------------------------------------------------------------------

  @Override
  public long append(Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites) {
    Batch.check(scope, events, sideWrites);
    List<byte[]> bodies = events.stream().map(EventCodec::encode).toList();
    return write(
        c -> {
          long head = head(c, scope);
          if (!events.isEmpty()) {
            try (PreparedStatement check =
                c.prepareStatement(
                    "SELECT 1 FROM events WHERE tenant_id = ? AND workspace_id = ?"
                        + " AND idempotency_key = ?")) {
              for (EventEnvelope e : events) {
                bindScope(check, scope);
                check.setString(3, e.idempotencyKey());
                try (ResultSet rs = check.executeQuery()) {
                  if (rs.next()) {
                    throw new DuplicateKeyException(Batch.duplicateKey(scope, e.idempotencyKey()));
                  }
                }
              }
            }
            try (PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO events (tenant_id, workspace_id, seq, event_id, event_type,"
                        + " idempotency_key, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
              for (int i = 0; i < events.size(); i++) {
                EventEnvelope e = events.get(i);
                bindScope(insert, scope);
                insert.setLong(3, head + 1 + i);
                insert.setString(4, e.eventId());
                insert.setString(5, e.eventType());
                insert.setString(6, e.idempotencyKey());
                insert.setBytes(7, bodies.get(i));
                insert.addBatch();
              }
              insert.executeBatch();
            } catch (SQLException ex) {
              throw classify(ex, scope);
            }
            head += events.size();
            setHead(c, scope, head);
          }
          for (SideWrite w : sideWrites) {
            switch (w) {
              case SideWrite.PutManifest m -> putManifest(c, scope, m.manifest());
              case SideWrite.PutRequestRecord r -> putRequestRecord(c, scope, r.record());
            }
          }
          return head;
        });
  }

  /** A unique-index violation the pre-checks did not catch (they cover every known case). */
  private static StoreException classify(SQLException ex, Scope scope) {
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

  @Override
  public List<StoredEvent> read(Scope scope, long afterSequence, int limit) {
    Objects.requireNonNull(scope, "scope");
    Batch.checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    return read(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT seq, body FROM events WHERE tenant_id = ? AND workspace_id = ?"
                      + " AND seq > ? ORDER BY seq LIMIT ?")) {
            bindScope(st, scope);
            st.setLong(3, afterSequence);
            st.setInt(4, limit);
            List<StoredEvent> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) {
                out.add(new StoredEvent(rs.getLong(1), EventCodec.decode(rs.getBytes(2))));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public long head(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return read(c -> head(c, scope));
  }

  private static long head(Connection c, Scope scope) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT head FROM scopes WHERE tenant_id = ? AND workspace_id = ?")) {
      bindScope(st, scope);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Records the head; a scope row is also what lists the scope in {@link #scopes()}. */
  private static void setHead(Connection c, Scope scope, long head) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO scopes (tenant_id, workspace_id, head) VALUES (?, ?, ?)"
                + " ON CONFLICT (tenant_id, workspace_id) DO UPDATE SET head = excluded.head")) {
      bindScope(st, scope);
      st.setLong(3, head);
      st.executeUpdate();
    }
  }

  private static void listScope(Connection c, Scope scope) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO scopes (tenant_id, workspace_id, head) VALUES (?, ?, 0)"
                + " ON CONFLICT (tenant_id, workspace_id) DO NOTHING")) {
      bindScope(st, scope);
      st.executeUpdate();
    }
  }

  @Override
  public Optional<String> newestEventId() {
    return read(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT MAX(event_id) FROM events")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
          }
        });
  }

  @Override
  public List<Scope> scopes() {
    return read(
        c -> {
          List<Scope> out = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT tenant_id, workspace_id FROM scopes")) {
            while (rs.next()) {
              out.add(new Scope(rs.getString(1), rs.getString(2)));
            }
          }
          return out.stream().sorted().toList();
        });
  }

  // ---- snapshots -----------------------------------------------------------------------------

  @Override
  public void saveSnapshot(Scope scope, StoredSnapshot snapshot) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(snapshot, "snapshot");
    byte[] bytes = Objects.requireNonNull(snapshot.bytes(), "snapshot bytes");
    write(
        c -> {
          listScope(c, scope);
          try (PreparedStatement st =
              c.prepareStatement(
                  "INSERT INTO snapshots (tenant_id, workspace_id, seq, body) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (tenant_id, workspace_id, seq) DO UPDATE"
                      + " SET body = excluded.body")) {
            bindScope(st, scope);
            st.setLong(3, snapshot.sequence());
            st.setBytes(4, bytes);
            st.executeUpdate();
          }
          try (PreparedStatement st =
              c.prepareStatement(
                  "DELETE FROM snapshots WHERE tenant_id = ?1 AND workspace_id = ?2 AND seq <"
                      + " (SELECT MAX(seq) FROM snapshots WHERE tenant_id = ?1 AND workspace_id ="
                      + " ?2)")) {
            bindScope(st, scope);
            st.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<StoredSnapshot> latestSnapshot(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return read(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT seq, body FROM snapshots WHERE tenant_id = ? AND workspace_id = ?"
                      + " ORDER BY seq DESC LIMIT 1")) {
            bindScope(st, scope);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next()
                  ? Optional.of(new StoredSnapshot(rs.getLong(1), rs.getBytes(2)))
                  : Optional.empty();
            }
          }
        });
  }

  // ---- manifests and request records ---------------------------------------------------------

  private static final String MANIFEST_COLUMNS =
      "manifest_id, deployed_second, deployed_nano, document";

  private static void putManifest(Connection c, Scope scope, ManifestRecord m) throws SQLException {
    listScope(c, scope);
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO manifests (tenant_id, workspace_id, manifest_id, deployed_second,"
                + " deployed_nano, put_order, document) VALUES (?1, ?2, ?3, ?4, ?5,"
                + " (SELECT COALESCE(MAX(put_order), 0) + 1 FROM manifests"
                + "  WHERE tenant_id = ?1 AND workspace_id = ?2), ?6)"
                + " ON CONFLICT (tenant_id, workspace_id, manifest_id) DO UPDATE SET"
                + " deployed_second = excluded.deployed_second,"
                + " deployed_nano = excluded.deployed_nano, put_order = excluded.put_order,"
                + " document = excluded.document")) {
      bindScope(st, scope);
      st.setString(3, Objects.requireNonNull(m.manifestId(), "manifestId"));
      st.setLong(4, m.deployedAt().getEpochSecond());
      st.setInt(5, m.deployedAt().getNano());
      st.setBytes(6, Objects.requireNonNull(m.document(), "document"));
      st.executeUpdate();
    }
  }

  private static ManifestRecord manifestRow(ResultSet rs) throws SQLException {
    return new ManifestRecord(
        rs.getString(1), Instant.ofEpochSecond(rs.getLong(2), rs.getInt(3)), rs.getBytes(4));
  }

  @Override
  public Optional<ManifestRecord> manifest(Scope scope, String manifestId) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(manifestId, "manifestId");
    return read(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT "
                      + MANIFEST_COLUMNS
                      + " FROM manifests WHERE tenant_id = ?"
                      + " AND workspace_id = ? AND manifest_id = ?")) {
            bindScope(st, scope);
            st.setString(3, manifestId);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next() ? Optional.of(manifestRow(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<ManifestRecord> manifests(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return read(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT "
                      + MANIFEST_COLUMNS
                      + " FROM manifests WHERE tenant_id = ?"
                      + " AND workspace_id = ?"
                      + " ORDER BY deployed_second DESC, deployed_nano DESC, manifest_id DESC")) {
            bindScope(st, scope);
            List<ManifestRecord> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) {
                out.add(manifestRow(rs));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public Optional<ManifestRecord> latestManifest(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return read(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT "
                      + MANIFEST_COLUMNS
                      + " FROM manifests WHERE tenant_id = ?"
                      + " AND workspace_id = ? ORDER BY put_order DESC LIMIT 1")) {
            bindScope(st, scope);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next() ? Optional.of(manifestRow(rs)) : Optional.empty();
            }
          }
        });
  }

  private static void putRequestRecord(Connection c, Scope scope, RequestRecord r)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO request_records (tenant_id, workspace_id, kind, key, fingerprint,"
                + " response) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (tenant_id, workspace_id, kind, key) DO NOTHING")) {
      bindScope(st, scope);
      st.setString(3, Objects.requireNonNull(r.kind(), "kind"));
      st.setString(4, Objects.requireNonNull(r.key(), "key"));
      st.setString(5, Objects.requireNonNull(r.fingerprint(), "fingerprint"));
      st.setBytes(6, Objects.requireNonNull(r.response(), "response"));
      if (st.executeUpdate() == 0) {
        throw new DuplicateKeyException(Batch.duplicateRequest(scope, r));
      }
    }
  }

  @Override
  public Optional<RequestRecord> requestRecord(Scope scope, String kind, String key) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    return read(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT fingerprint, response FROM request_records WHERE tenant_id = ?"
                      + " AND workspace_id = ? AND kind = ? AND key = ?")) {
            bindScope(st, scope);
            st.setString(3, kind);
            st.setString(4, key);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next()
                  ? Optional.of(new RequestRecord(kind, key, rs.getString(1), rs.getBytes(2)))
                  : Optional.empty();
            }
          }
        });
  }

  // ---- logs and metadata ---------------------------------------------------------------------

  @Override
  public boolean putLog(Scope scope, LogRecord log) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(log, "log");
    String path = Objects.requireNonNull(log.path(), "path");
    byte[] content = Objects.requireNonNull(log.content(), "content");
    return write(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "INSERT INTO logs (tenant_id, workspace_id, path, content) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (tenant_id, workspace_id, path) DO NOTHING")) {
            bindScope(st, scope);
            st.setString(3, path);
            st.setBytes(4, content);
            return st.executeUpdate() == 1;
          }
        });
  }

  @Override
  public List<LogRecord> logs(Scope scope, String prefix, Optional<String> afterPath, int limit) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(afterPath, "afterPath");
    Batch.checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    Optional<String> end = TextOrder.prefixEnd(prefix);
    return read(
        c -> {
          String sql =
              "SELECT path, content FROM logs WHERE tenant_id = ? AND workspace_id = ?"
                  + " AND path >= ?"
                  + (afterPath.isPresent() ? " AND path > ?" : "")
                  + (end.isPresent() ? " AND path < ?" : "")
                  + " ORDER BY path LIMIT ?";
          try (PreparedStatement st = c.prepareStatement(sql)) {
            bindScope(st, scope);
            int i = 3;
            st.setString(i++, prefix);
            if (afterPath.isPresent()) {
              st.setString(i++, afterPath.get());
            }
            if (end.isPresent()) {
              st.setString(i++, end.get());
            }
            st.setInt(i, limit);
            List<LogRecord> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) {
                String path = rs.getString(1);
                // Defensive: the range is exact for well-formed strings.
                if (path.startsWith(prefix)) {
                  out.add(new LogRecord(path, rs.getBytes(2)));
                }
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public byte[] metadata(String key, Supplier<byte[]> ifAbsent) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ifAbsent, "ifAbsent");
    Optional<byte[]> existing = read(c -> metadataValue(c, key));
    if (existing.isPresent()) {
      return existing.get();
    }
    return write(
        c -> {
          Optional<byte[]> raced = metadataValue(c, key);
          if (raced.isPresent()) {
            return raced.get();
          }
          byte[] value = Objects.requireNonNull(ifAbsent.get(), "metadata value").clone();
          try (PreparedStatement st =
              c.prepareStatement("INSERT INTO metadata (key, value) VALUES (?, ?)")) {
            st.setString(1, key);
            st.setBytes(2, value);
            st.executeUpdate();
          }
          return value.clone();
        });
  }

  private static Optional<byte[]> metadataValue(Connection c, String key) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT value FROM metadata WHERE key = ?")) {
      st.setString(1, key);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    }
  }

  // ---- lifecycle and plumbing ----------------------------------------------------------------

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
      try (Statement st = writer.createStatement()) {
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (SQLException e) {
        // A checkpoint is an optimisation; the WAL is replayed on the next open.
      }
      for (Connection c : readerConnections) {
        closeQuietly(c);
      }
      closeQuietly(writer);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Work on a connection that may throw {@link SQLException}. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(SqlWork<T> work) {
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

  private <T> T write(SqlWork<T> work) {
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

  private static void bindScope(PreparedStatement st, Scope scope) throws SQLException {
    st.setString(1, scope.tenant());
    st.setString(2, scope.workspace());
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Closing is best effort; the file stays consistent either way.
    }
  }
}
