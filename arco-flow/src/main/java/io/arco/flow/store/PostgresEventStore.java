package io.arco.flow.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.arco.flow.error.StoreException;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
 * <p>Several nodes (decisions §7.11, {@link ClusterStore}): after {@link #joinCluster} every append
 * also checks, under the lock of its workspace's {@code writer_leases} row, that this node holds the
 * lease at the epoch it was {@linkplain #fence fenced} with, and sends {@code NOTIFY arco_log} with
 * the workspace, delivered to listening nodes when the append commits. A node taking a lease over
 * updates that row, which waits for an append holding its lock, so the fencing check and the
 * takeover are ordered by the database.
 *
 * <p>Text is compared as UTF-8 bytes ({@code COLLATE "C"}), the order the other stores use. Only
 * the latest snapshot of a scope is kept. {@link #close()} waits for calls in progress and closes
 * the pool; later calls throw {@link StoreException}.
 */
public final class PostgresEventStore extends JdbcEventStore implements ClusterStore {
  private static final int POOL_SIZE = 8;

  /**
   * Run once per pooled session: {@code synchronous_commit = off} would let a commit return before
   * its WAL is flushed, breaking "durable before the answer"; every other value flushes it.
   */
  private static final String DURABLE_COMMITS =
      "SELECT set_config('synchronous_commit', 'on', false)"
          + " WHERE current_setting('synchronous_commit') = 'off'";

  private final String location;
  private final String jdbcUrl;
  private final HikariDataSource pool;
  /** The node this store appends as, once it joined a cluster. */
  private volatile Optional<String> clusterNode = Optional.empty();
  /** The epoch of each workspace this node may append to (cluster only). */
  private final java.util.concurrent.ConcurrentMap<Scope, Long> fences =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Calls hold the read side; {@link #close()} takes the write side. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private boolean closed;

  private PostgresEventStore(String location, String jdbcUrl, HikariDataSource pool) {
    this.location = location;
    this.jdbcUrl = jdbcUrl;
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
    return new PostgresEventStore(location, jdbcUrl, pool);
  }

  /**
   * Hands a metrics registry to the connection pool, once: HikariCP then records its pool metrics
   * ({@code hikaricp_connections_*}) there. Typed {@code Object} as HikariCP takes it (a Micrometer
   * {@code MeterRegistry}), so arco-flow compiles against no metrics library.
   *
   * @throws IllegalArgumentException if HikariCP does not know the registry's type
   * @throws IllegalStateException if a registry was handed over before
   */
  public void bindPoolMetrics(Object registry) {
    pool.setMetricRegistry(registry);
  }

  /** The URL without its parameters, which may hold a password: safe to show in messages. */
  private static String withoutParameters(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }

  // ---- the append's parts -------------------------------------------------------------------

  /**
   * Takes the workspace's append lock, then reads the head with its row locked: the read sees every
   * append that held the lock before.
   */
  @Override
  long headForAppend(Connection c, Scope scope) throws SQLException {
    lockScope(c, scope);
    Optional<String> node = clusterNode;
    if (node.isPresent()) {
      checkFence(c, scope, node.get());
      try (PreparedStatement st = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
        st.setString(1, ClusterChannel.payload(scope));
        st.execute();
      }
    }
    return head(c, scope, " FOR UPDATE");
  }

  /** The channel appends are announced on, with {@link ClusterChannel#payload} as payload. */
  static final String CHANNEL = "arco_log";

  /**
   * Refuses the append unless the workspace's lease row, read with a share lock held to the end of
   * the transaction, names this node at its fenced epoch.
   */
  private void checkFence(Connection c, Scope scope, String node) throws SQLException {
    Long epoch = fences.get(scope);
    if (epoch == null) {
      throw new FencedAppendException(
          "node " + node + " does not hold the writer lease of " + scope);
    }
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT holder, epoch FROM writer_leases WHERE tenant_id = ? AND workspace_id = ?"
                + " FOR SHARE")) {
      bindScope(st, scope);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new FencedAppendException("no writer lease is recorded for " + scope);
        }
        String holder = rs.getString(1);
        long current = rs.getLong(2);
        if (!holder.equals(node) || current != epoch) {
          throw new FencedAppendException(
              "the writer lease of " + scope + " is held by " + holder + " at epoch " + current
                  + "; node " + node + " was fenced at epoch " + epoch);
        }
      }
    }
  }

  // ---- cluster (ClusterStore) ---------------------------------------------------------------

  @Override
  public void joinCluster(String nodeId) {
    this.clusterNode = Optional.of(Objects.requireNonNull(nodeId, "nodeId"));
  }

  @Override
  public Optional<WriterLease> acquireLease(Scope scope, String nodeId, java.time.Duration ttl) {
    return transaction(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "INSERT INTO writer_leases AS l (tenant_id, workspace_id, holder, epoch, expires_at)"
                      + " VALUES (?, ?, ?, 1, clock_timestamp() + ? * interval '1 millisecond')"
                      + " ON CONFLICT (tenant_id, workspace_id) DO UPDATE"
                      + " SET holder = excluded.holder, epoch = l.epoch + 1,"
                      + " expires_at = excluded.expires_at"
                      + " WHERE l.expires_at <= clock_timestamp() OR l.holder = excluded.holder"
                      + " RETURNING holder, epoch, expires_at")) {
            bindScope(st, scope);
            st.setString(3, nodeId);
            st.setLong(4, ttl.toMillis());
            try (ResultSet rs = st.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new WriterLease(
                      scope, rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), false));
            }
          }
        });
  }

  @Override
  public boolean renewLease(Scope scope, String nodeId, long epoch, java.time.Duration ttl) {
    return query(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "UPDATE writer_leases SET expires_at = clock_timestamp() + ? * interval '1 millisecond'"
                      + " WHERE tenant_id = ? AND workspace_id = ? AND holder = ? AND epoch = ?")) {
            st.setLong(1, ttl.toMillis());
            st.setString(2, scope.tenant());
            st.setString(3, scope.workspace());
            st.setString(4, nodeId);
            st.setLong(5, epoch);
            return st.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void releaseLease(Scope scope, String nodeId, long epoch) {
    query(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "UPDATE writer_leases SET expires_at = clock_timestamp()"
                      + " WHERE tenant_id = ? AND workspace_id = ? AND holder = ? AND epoch = ?")) {
            bindScope(st, scope);
            st.setString(3, nodeId);
            st.setLong(4, epoch);
            return st.executeUpdate();
          }
        });
  }

  @Override
  public Optional<WriterLease> lease(Scope scope) {
    return query(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  LEASE_ROWS + " WHERE tenant_id = ? AND workspace_id = ?")) {
            bindScope(st, scope);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next() ? Optional.of(lease(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<WriterLease> leases() {
    return query(
        c -> {
          try (PreparedStatement st =
                  c.prepareStatement(
                      LEASE_ROWS + " ORDER BY tenant_id, workspace_id");
              ResultSet rs = st.executeQuery()) {
            List<WriterLease> out = new java.util.ArrayList<>();
            while (rs.next()) {
              out.add(lease(rs));
            }
            return out;
          }
        });
  }

  /** The columns {@link #lease(ResultSet)} reads, with whether the lease lapsed by the database's clock. */
  private static final String LEASE_ROWS =
      "SELECT tenant_id, workspace_id, holder, epoch, expires_at, expires_at <= clock_timestamp()"
          + " FROM writer_leases";

  private static WriterLease lease(ResultSet rs) throws SQLException {
    return new WriterLease(
        new Scope(rs.getString(1), rs.getString(2)),
        rs.getString(3),
        rs.getLong(4),
        rs.getTimestamp(5).toInstant(),
        rs.getBoolean(6));
  }

  @Override
  public java.time.Instant databaseNow() {
    return query(
        c -> {
          try (PreparedStatement st = c.prepareStatement("SELECT clock_timestamp()");
              ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
          }
        });
  }

  @Override
  public void heartbeat(String nodeId, String advertiseUrl) {
    query(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "INSERT INTO cluster_nodes (node_id, advertise_url, started_at, last_seen)"
                      + " VALUES (?, ?, clock_timestamp(), clock_timestamp())"
                      + " ON CONFLICT (node_id) DO UPDATE SET advertise_url = excluded.advertise_url,"
                      + " last_seen = excluded.last_seen")) {
            st.setString(1, nodeId);
            st.setString(2, advertiseUrl);
            return st.executeUpdate();
          }
        });
  }

  @Override
  public List<ClusterNode> nodes() {
    return query(
        c -> {
          try (PreparedStatement st =
                  c.prepareStatement(
                      "SELECT node_id, advertise_url, started_at, last_seen FROM cluster_nodes"
                          + " ORDER BY node_id");
              ResultSet rs = st.executeQuery()) {
            List<ClusterNode> out = new java.util.ArrayList<>();
            while (rs.next()) {
              out.add(
                  new ClusterNode(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getTimestamp(3).toInstant(),
                      rs.getTimestamp(4).toInstant()));
            }
            return out;
          }
        });
  }

  @Override
  public void fence(Scope scope, long epoch) {
    fences.put(scope, epoch);
  }

  @Override
  public void unfence(Scope scope, long epoch) {
    fences.remove(scope, epoch);
  }

  @Override
  public AutoCloseable listen(java.util.function.Consumer<Scope> appended, Runnable reconnected) {
    return PostgresLogListener.start(jdbcUrl, location, CHANNEL, appended, reconnected);
  }

  /** Waits for, then holds until the transaction ends, the workspace's append lock. */
  private static void lockScope(Connection c, Scope scope) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(? || '/' || ?))")) {
      bindScope(st, scope);
      st.execute();
    }
  }

  /** Refuses the batch, naming the key, when one of its idempotency keys is already stored. */
  @Override
  void rejectStoredKeys(Connection c, Scope scope, List<EventEnvelope> events)
      throws SQLException {
    Array keys =
        c.createArrayOf("text", events.stream().map(EventEnvelope::idempotencyKey).toArray());
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT idempotency_key FROM events WHERE tenant_id = ? AND workspace_id = ?"
                + " AND idempotency_key = ANY (?)")) {
      bindScope(st, scope);
      st.setArray(3, keys);
      java.util.Set<String> stored = new java.util.HashSet<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
      Batch.rejectStored(scope, events, stored);
    } finally {
      keys.free();
    }
  }

  /** A unique-index violation the pre-check did not catch (another writer, or a bug). */
  @Override
  StoreException appendFailure(SQLException ex, Scope scope) {
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

  // ---- lifecycle and plumbing ----------------------------------------------------------------

  /**
   * A pooled session's value of a run-time parameter such as {@code synchronous_commit}; for tests.
   */
  String setting(String name) {
    return query(
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

  /**
   * Runs {@code work} on a pooled connection in auto-commit mode: each statement sees what was
   * committed before it and, if it writes, commits on its own.
   */
  @Override
  <T> T query(SqlWork<T> work) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      for (int attempt = 1; ; attempt++) {
        try (Connection c = pool.getConnection()) {
          return work.run(c);
        } catch (SQLException e) {
          if (attempt == 1 && connectionLost(e)) {
            // The pool handed out a connection the server had dropped (a restart, an operator's
            // pg_terminate_backend); the pool discards it, and a fresh one answers.
            continue;
          }
          throw new StoreException("call on " + location + " failed: " + e.getMessage(), e);
        }
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Whether {@code e} says the connection was lost rather than the statement refused: SQLSTATE
   * class 08 (connection exception) or 57P01–57P03 (the server terminated or is restarting). Calls
   * through {@link #query} are reads or idempotent single statements, so they may run again.
   */
  static boolean connectionLost(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code work} in one transaction on a pooled connection; commits (durably, see the class
   * comment) or rolls back everything.
   */
  @Override
  <T> T transaction(SqlWork<T> work) {
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
}
