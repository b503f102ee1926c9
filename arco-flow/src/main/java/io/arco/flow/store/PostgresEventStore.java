package io.arco.flow.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import io.arco.flow.store.codec.EventCodec;
import java.sql.Array;
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
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/**
 * The {@link EventStore} on a PostgreSQL database (decisions §3: {@code --database-url
 * jdbc:postgresql://...}), over a HikariCP pool. The tables are those of {@link PostgresSchema},
 * created on open when absent; every row carries its tenant and workspace, as in SQLite.
 *
 * <p>Durability: each {@link #append} is one transaction holding the batch's events and side
 * writes, and returns only after {@code COMMIT}. No pooled session runs with {@code
 * synchronous_commit = off}: a server or role default of {@code off} is overridden with {@code on},
 * the other values ({@code local}, {@code remote_write}, {@code on}, {@code remote_apply}) are
 * kept, as each flushes the commit's WAL to disk before the commit returns (given the server's
 * {@code fsync}, an operator's choice).
 *
 * <p>Sequence numbers: the head of each workspace is a row of {@code scopes}, read with {@code
 * SELECT ... FOR UPDATE} and advanced in the append's transaction, so a rolled-back append leaves
 * no gap (a PostgreSQL {@code SEQUENCE} would). Before reading it, an append takes the
 * transaction-scoped advisory lock {@code pg_advisory_xact_lock(hashtext(tenant || '/' ||
 * workspace))}: appends to one workspace from any number of store instances or processes run one
 * after another, each seeing the previous one's commit (sessions run at {@code READ COMMITTED},
 * whose every statement sees what committed before it). Two workspaces whose keys hash alike only
 * wait for each other. The unique index on (tenant, workspace, idempotency key) backs up the
 * pre-check of stored keys (flow-model §0.4.1); both answer {@link DuplicateKeyException}.
 *
 * <p>Several nodes: the lock keeps two writers from interleaving, but a store does not follow
 * appends made by another node. An {@code Engine} folds the log once at start-up and then only its
 * own appends, so two serving nodes on one workspace would each decide on a stale fold. Until the
 * engine catches its fold up to the log's head under the lock and tails the log (LISTEN/NOTIFY),
 * which is future work (architecture property 5), serve each workspace from one node at a time.
 *
 * <p>Text is compared as UTF-8 bytes ({@code COLLATE "C"}), the order the other stores use. Only
 * the latest snapshot of a scope is kept. {@link #close()} waits for calls in progress and closes
 * the pool; later calls throw {@link StoreException}.
 */
public final class PostgresEventStore implements EventStore {
  private static final int POOL_SIZE = 8;

  /**
   * Run once per pooled session: {@code synchronous_commit = off} would let a commit return before
   * its WAL is flushed, breaking "durable before the answer"; every other value flushes it.
   */
  private static final String DURABLE_COMMITS =
      "SELECT set_config('synchronous_commit', 'on', false)"
          + " WHERE current_setting('synchronous_commit') = 'off'";

  private final String location;
  private final HikariDataSource pool;

  /** Calls hold the read side; {@link #close()} takes the write side. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private boolean closed;

  private PostgresEventStore(String location, HikariDataSource pool) {
    this.location = location;
    this.pool = pool;
  }

  /**
   * Connects to the database at {@code jdbcUrl} ({@code
   * jdbc:postgresql://host:port/database?user=...&password=...}, any pgJDBC parameter allowed) and
   * creates the tables when absent. With {@code currentSchema=name} in the URL the tables live in
   * that (existing) schema, so several Arco installations can share one database.
   *
   * @throws IllegalArgumentException if {@code jdbcUrl} is not a {@code jdbc:postgresql:} URL
   * @throws StoreException if the database cannot be reached, is not UTF-8 or was written by a
   *     newer schema
   */
  public static PostgresEventStore open(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "not a jdbc:postgresql: URL: " + withoutParameters(jdbcUrl));
    }
    String location = withoutParameters(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("arco-postgres");
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setAutoCommit(true);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setConnectionInitSql(DURABLE_COMMITS);
    // One multi-row INSERT per batch of events instead of one round trip per event; a parameter
    // of the URL takes precedence.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open event store " + location + ": " + e.getMessage(), e);
    }
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      PostgresSchema.prepare(c);
      c.commit();
    } catch (SQLException e) {
      pool.close();
      throw new StoreException("cannot open event store " + location + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Closing the connection above rolled the schema transaction back.
      pool.close();
      throw e;
    }
    return new PostgresEventStore(location, pool);
  }

  /** The URL without its parameters, which may hold a password: safe to show in messages. */
  private static String withoutParameters(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }

  // ---- events --------------------------------------------------------------------------------

  @Override
  public long append(Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites) {
    Batch.check(scope, events, sideWrites);
    List<byte[]> bodies = events.stream().map(EventCodec::encode).toList();
    return transaction(
        c -> {
          lockScope(c, scope);
          long head = lockedHead(c, scope);
          if (!events.isEmpty()) {
            rejectStoredKeys(c, scope, events);
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

  /**
   * Waits for, then holds until the transaction ends, the workspace's append lock. Taken before the
   * head is read, so the read sees every append that held the lock before.
   */
  private static void lockScope(Connection c, Scope scope) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(? || '/' || ?))")) {
      bindScope(st, scope);
      st.execute();
    }
  }

  /** The head, with its row (when there is one) locked until the transaction ends. */
  private static long lockedHead(Connection c, Scope scope) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT head FROM scopes WHERE tenant_id = ? AND workspace_id = ? FOR UPDATE")) {
      bindScope(st, scope);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Refuses the batch, naming the key, when one of its idempotency keys is already stored. */
  private static void rejectStoredKeys(Connection c, Scope scope, List<EventEnvelope> events)
      throws SQLException {
    Array keys =
        c.createArrayOf("text", events.stream().map(EventEnvelope::idempotencyKey).toArray());
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT idempotency_key FROM events WHERE tenant_id = ? AND workspace_id = ?"
                + " AND idempotency_key = ANY (?) ORDER BY seq LIMIT 1")) {
      bindScope(st, scope);
      st.setArray(3, keys);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next()) {
          throw new DuplicateKeyException(Batch.duplicateKey(scope, rs.getString(1)));
        }
      }
    } finally {
      keys.free();
    }
  }

  /** A unique-index violation the pre-check did not catch (another writer, or a bug). */
  private static StoreException classify(SQLException ex, Scope scope) {
    Optional<String> constraint = uniqueViolation(ex);
    String message = String.valueOf(ex.getMessage());
    if (constraint.isPresent() && constraint.get().equals("events_by_key")) {
      return new DuplicateKeyException(
          "idempotency key already stored in " + scope + ": " + detail(ex));
    }
    if (constraint.isPresent() && constraint.get().equals("events_by_id")) {
      return new StoreException("event id already stored in " + scope + ": " + detail(ex), ex);
    }
    return new StoreException("cannot append to " + scope + ": " + message, ex);
  }

  /**
   * The index a unique violation names. A failed batch reports the server's error as the next
   * exception of a {@link java.sql.BatchUpdateException}, so the whole chain is searched.
   */
  private static Optional<String> uniqueViolation(SQLException ex) {
    for (SQLException e = ex; e != null; e = e.getNextException()) {
      if (e instanceof PSQLException pe
          && PSQLState.UNIQUE_VIOLATION.getState().equals(pe.getSQLState())) {
        ServerErrorMessage server = pe.getServerErrorMessage();
        return Optional.ofNullable(server == null ? null : server.getConstraint());
      }
    }
    return Optional.empty();
  }

  /** The server's detail line ("Key (...)=(...) already exists."), else the message. */
  private static String detail(SQLException ex) {
    for (SQLException e = ex; e != null; e = e.getNextException()) {
      if (e instanceof PSQLException pe
          && pe.getServerErrorMessage() != null
          && pe.getServerErrorMessage().getDetail() != null) {
        return pe.getServerErrorMessage().getDetail();
      }
    }
    return String.valueOf(ex.getMessage());
  }

  @Override
  public List<StoredEvent> read(Scope scope, long afterSequence, int limit) {
    Objects.requireNonNull(scope, "scope");
    Batch.checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    return call(
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
    return call(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT head FROM scopes WHERE tenant_id = ? AND workspace_id = ?")) {
            bindScope(st, scope);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next() ? rs.getLong(1) : 0L;
            }
          }
        });
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
    return call(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT MAX(event_id) FROM events")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
          }
        });
  }

  @Override
  public List<Scope> scopes() {
    return call(
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
    transaction(
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
                  "DELETE FROM snapshots WHERE tenant_id = ? AND workspace_id = ? AND seq < (SELECT"
                      + " MAX(seq) FROM snapshots WHERE tenant_id = ? AND workspace_id = ?)")) {
            bindScope(st, scope);
            st.setString(3, scope.tenant());
            st.setString(4, scope.workspace());
            st.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<StoredSnapshot> latestSnapshot(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return call(
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

  /** Stores a manifest as the scope's latest: its put order is one more than any stored one's. */
  private static void putManifest(Connection c, Scope scope, ManifestRecord m) throws SQLException {
    listScope(c, scope);
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO manifests (tenant_id, workspace_id, manifest_id, deployed_second,"
                + " deployed_nano, put_order, document)"
                + " SELECT ?, ?, ?, ?, ?, COALESCE(MAX(put_order), 0) + 1, ? FROM manifests"
                + " WHERE tenant_id = ? AND workspace_id = ?"
                + " ON CONFLICT (tenant_id, workspace_id, manifest_id) DO UPDATE SET"
                + " deployed_second = excluded.deployed_second,"
                + " deployed_nano = excluded.deployed_nano, put_order = excluded.put_order,"
                + " document = excluded.document")) {
      bindScope(st, scope);
      st.setString(3, Objects.requireNonNull(m.manifestId(), "manifestId"));
      st.setLong(4, m.deployedAt().getEpochSecond());
      st.setInt(5, m.deployedAt().getNano());
      st.setBytes(6, Objects.requireNonNull(m.document(), "document"));
      st.setString(7, scope.tenant());
      st.setString(8, scope.workspace());
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
    return call(
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
    return call(
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
    return call(
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
    return call(
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
    return call(
        c -> {
          // One statement, committed on its own (the pool's connections auto-commit).
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
    return call(
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
    Optional<byte[]> existing = call(c -> metadataValue(c, key));
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] value = Objects.requireNonNull(ifAbsent.get(), "metadata value").clone();
    return call(
        c -> {
          // Of racing callers (threads or nodes) the first insert wins; the others wait for its
          // commit, insert nothing and read the winner's value.
          try (PreparedStatement st =
              c.prepareStatement(
                  "INSERT INTO metadata (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
            st.setString(1, key);
            st.setBytes(2, value);
            st.executeUpdate();
          }
          return metadataValue(c, key)
              .orElseThrow(() -> new StoreException("metadata " + key + " vanished after insert"));
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

  /**
   * A pooled session's value of a run-time parameter such as {@code synchronous_commit}; for tests.
   */
  String setting(String name) {
    return call(
        c -> {
          try (PreparedStatement st = c.prepareStatement("SELECT current_setting(?)")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next() ? rs.getString(1) : "";
            }
          }
        });
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      pool.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Work on a connection that may throw {@link SQLException}. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} on a pooled connection in auto-commit mode: each statement sees what was
   * committed before it and, if it writes, commits on its own.
   */
  private <T> T call(SqlWork<T> work) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      try (Connection c = pool.getConnection()) {
        return work.run(c);
      } catch (SQLException e) {
        throw new StoreException("call on " + location + " failed: " + e.getMessage(), e);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Runs {@code work} in one transaction on a pooled connection; commits (durably, see the class
   * comment) or rolls back everything.
   */
  private <T> T transaction(SqlWork<T> work) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        boolean committed = false;
        try {
          T result = work.run(c);
          c.commit();
          committed = true;
          return result;
        } finally {
          if (!committed) {
            rollbackQuietly(c);
          }
          // The pool restores auto-commit when the connection comes back.
        }
      } catch (SQLException e) {
        throw new StoreException("write to " + location + " failed: " + e.getMessage(), e);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The transaction is gone with its connection; the server discards it on its side.
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("the event store " + location + " is closed");
    }
  }

  private static void bindScope(PreparedStatement st, Scope scope) throws SQLException {
    st.setString(1, scope.tenant());
    st.setString(2, scope.workspace());
  }
}
