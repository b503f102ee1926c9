package io.arco.flow.store;

import io.arco.flow.error.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The tables of {@link PostgresEventStore} and their version: the tables of {@link SqliteSchema}
 * with PostgreSQL types. {@code schema_version} holds one row; {@link #prepare} creates the tables
 * of an empty database (or of the schema first on the connection's {@code search_path}) and refuses
 * one written by a newer schema. A later version adds a step to {@link #migrate} and bumps {@link
 * #VERSION}.
 *
 * <p>Every column that is compared or ordered is {@code COLLATE "C"}: in a UTF-8 database that is
 * byte order, which is code point order, the order of {@link TextOrder} and of SQLite's {@code
 * BINARY} collation, whatever the database's default collation. Stored bytes (event bodies,
 * snapshots, manifest documents, responses, logs, secrets) are {@code bytea}, so they read back
 * exactly as written; an event body is the codec's UTF-8 JSON, readable with {@code
 * convert_from(body, 'UTF8')::jsonb}.
 */
final class PostgresSchema {
  private PostgresSchema() {}

  /** The schema version this code reads and writes. */
  static final int VERSION = 3;

  /**
   * The advisory lock held while the schema is checked and created, so that nodes opening an empty
   * database at once do not race on {@code CREATE TABLE}. Its value ("arco", 1) lies outside the
   * {@code int4} range of {@code hashtext}, so it never meets a per-workspace append lock.
   */
  private static final long SCHEMA_LOCK = 0x6172636f_00000001L;

  private static final List<String> V1 =
      List.of(
          """
          CREATE TABLE scopes (
            tenant_id    TEXT COLLATE "C" NOT NULL,
            workspace_id TEXT COLLATE "C" NOT NULL,
            head         BIGINT NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id)
          )\
          """,
          """
          CREATE TABLE events (
            tenant_id       TEXT COLLATE "C" NOT NULL,
            workspace_id    TEXT COLLATE "C" NOT NULL,
            seq             BIGINT NOT NULL CHECK (seq > 0),
            event_id        TEXT COLLATE "C" NOT NULL,
            event_type      TEXT COLLATE "C" NOT NULL,
            idempotency_key TEXT COLLATE "C" NOT NULL,
            body            BYTEA NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, seq)
          )\
          """,
          "CREATE UNIQUE INDEX events_by_key ON events (tenant_id, workspace_id, idempotency_key)",
          "CREATE UNIQUE INDEX events_by_id ON events (event_id, tenant_id, workspace_id)",
          "CREATE INDEX events_by_type ON events (tenant_id, workspace_id, event_type, seq)",
          """
          CREATE TABLE snapshots (
            tenant_id    TEXT COLLATE "C" NOT NULL,
            workspace_id TEXT COLLATE "C" NOT NULL,
            seq          BIGINT NOT NULL,
            body         BYTEA NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, seq)
          )\
          """,
          """
          CREATE TABLE manifests (
            tenant_id       TEXT COLLATE "C" NOT NULL,
            workspace_id    TEXT COLLATE "C" NOT NULL,
            manifest_id     TEXT COLLATE "C" NOT NULL,
            deployed_second BIGINT NOT NULL,
            deployed_nano   INTEGER NOT NULL,
            put_order       BIGINT NOT NULL,
            document        BYTEA NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, manifest_id)
          )\
          """,
          "CREATE INDEX manifests_by_put ON manifests (tenant_id, workspace_id, put_order)",
          """
          CREATE TABLE request_records (
            tenant_id    TEXT COLLATE "C" NOT NULL,
            workspace_id TEXT COLLATE "C" NOT NULL,
            kind         TEXT COLLATE "C" NOT NULL,
            key          TEXT COLLATE "C" NOT NULL,
            fingerprint  TEXT NOT NULL,
            response     BYTEA NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, kind, key)
          )\
          """,
          """
          CREATE TABLE logs (
            tenant_id    TEXT COLLATE "C" NOT NULL,
            workspace_id TEXT COLLATE "C" NOT NULL,
            path         TEXT COLLATE "C" NOT NULL,
            content      BYTEA NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, path)
          )\
          """,
          """
          CREATE TABLE metadata (
            key   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            value BYTEA NOT NULL
          )\
          """);

  /**
   * Brings the database to {@link #VERSION}; runs inside the caller's transaction, so a failed
   * migration leaves nothing behind (PostgreSQL DDL is transactional).
   *
   * @throws StoreException if the database is not UTF-8 or was written by a newer schema
   */
  static void prepare(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      String encoding = single(st, "SHOW server_encoding").orElse("unknown");
      if (!encoding.equals("UTF8")) {
        // Text columns must hold any string, and "C" order equals code point order only in UTF-8.
        throw new StoreException("database encoding is " + encoding + "; Arco needs UTF8");
      }
      st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
      st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int current =
          single(st, "SELECT MAX(version) FROM schema_version").map(Integer::parseInt).orElse(0);
      if (current > VERSION) {
        throw new StoreException(
            "database schema version " + current + " is newer than this Arco's (" + VERSION + ")");
      }
      if (current == VERSION) {
        return;
      }
      migrate(st, current);
      st.execute("DELETE FROM schema_version");
      st.execute("INSERT INTO schema_version (version) VALUES (" + VERSION + ")");
    }
  }

  /** The first column of the first row, empty when there is no row or it is SQL NULL. */
  private static Optional<String> single(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
    }
  }

  /** Version 2: the history tables of decisions §3 (see {@link SqliteSchema}). */
  private static final List<String> V2 =
      List.of(
          """
          CREATE TABLE run_history (
            tenant_id    TEXT COLLATE "C" NOT NULL,
            workspace_id TEXT COLLATE "C" NOT NULL,
            run_id       TEXT COLLATE "C" NOT NULL,
            triggered_key BIGINT NOT NULL,
            state        TEXT COLLATE "C" NOT NULL,
            ended_seq    BIGINT NOT NULL,
            run_row      BYTEA NOT NULL,
            body         BYTEA NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, run_id)
          )\
          """,
          "CREATE INDEX run_history_by_time ON run_history (tenant_id, workspace_id, triggered_key, run_id)",
          "CREATE INDEX run_history_by_state ON run_history"
              + " (tenant_id, workspace_id, state, triggered_key, run_id)",
          "CREATE INDEX run_history_by_end ON run_history (tenant_id, workspace_id, ended_seq, run_id)",
          """
          CREATE TABLE run_key_history (
            tenant_id    TEXT COLLATE "C" NOT NULL,
            workspace_id TEXT COLLATE "C" NOT NULL,
            run_key      TEXT COLLATE "C" NOT NULL,
            ended_seq    BIGINT NOT NULL,
            body         BYTEA NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, run_key)
          )\
          """,
          """
          CREATE TABLE tick_history (
            tenant_id    TEXT COLLATE "C" NOT NULL,
            workspace_id TEXT COLLATE "C" NOT NULL,
            tick_id      TEXT COLLATE "C" NOT NULL,
            schedule_id  TEXT COLLATE "C" NOT NULL,
            scheduled_ns BIGINT NOT NULL,
            status       TEXT COLLATE "C" NOT NULL,
            ended_seq    BIGINT NOT NULL,
            body         BYTEA NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, tick_id)
          )\
          """,
          "CREATE INDEX tick_history_by_schedule ON tick_history"
              + " (tenant_id, workspace_id, schedule_id, scheduled_ns, tick_id)",
          """
          CREATE TABLE eval_history (
            tenant_id    TEXT COLLATE "C" NOT NULL,
            workspace_id TEXT COLLATE "C" NOT NULL,
            eval_id      TEXT COLLATE "C" NOT NULL,
            sensor_id    TEXT COLLATE "C" NOT NULL,
            evaluated_key BIGINT NOT NULL,
            status       TEXT COLLATE "C" NOT NULL,
            lease_key    TEXT COLLATE "C",
            ended_seq    BIGINT NOT NULL,
            body         BYTEA NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, eval_id)
          )\
          """,
          "CREATE INDEX eval_history_by_sensor ON eval_history"
              + " (tenant_id, workspace_id, sensor_id, evaluated_key, eval_id)",
          "CREATE INDEX eval_history_by_lease ON eval_history (tenant_id, workspace_id, lease_key)");

  /**
   * Version 3: several serving nodes (decisions §7.11). {@code writer_leases} holds each workspace's
   * writer lease and fencing epoch; {@code cluster_nodes} the nodes that serve the database and
   * where others reach them.
   */
  private static final List<String> V3 =
      List.of(
          """
          CREATE TABLE writer_leases (
            tenant_id    TEXT COLLATE "C" NOT NULL,
            workspace_id TEXT COLLATE "C" NOT NULL,
            holder       TEXT COLLATE "C" NOT NULL,
            epoch        BIGINT NOT NULL,
            expires_at   TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id)
          )\
          """,
          """
          CREATE TABLE cluster_nodes (
            node_id       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            advertise_url TEXT NOT NULL,
            started_at    TIMESTAMPTZ NOT NULL,
            last_seen     TIMESTAMPTZ NOT NULL
          )\
          """);

  private static void migrate(Statement st, int from) throws SQLException {
    if (from == 0) {
      for (String ddl : V1) {
        st.execute(ddl);
      }
    }
    if (from < 2) {
      for (String ddl : V2) {
        st.execute(ddl);
      }
    }
    if (from < 3) {
      for (String ddl : V3) {
        st.execute(ddl);
      }
    }
  }
}
