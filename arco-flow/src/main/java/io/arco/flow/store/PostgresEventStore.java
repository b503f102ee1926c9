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
public final class PostgresEventStore extends JdbcEventStore {
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
    return head(c, scope, " FOR UPDATE");
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
