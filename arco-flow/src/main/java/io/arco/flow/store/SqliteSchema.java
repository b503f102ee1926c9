package io.arco.flow.store;

import io.arco.flow.error.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of {@link SqliteEventStore} and their version. {@code schema_version} holds one row;
 * {@link #prepare} creates the tables of a new file and refuses a file written by a newer schema. A
 * later version adds a step to {@link #migrate} and bumps {@link #VERSION}.
 *
 * <p>Events are stored as the codec's bytes plus the columns the store looks them up by: the scope,
 * the per-scope sequence (primary key), the idempotency key (unique per scope, the backstop of
 * flow-model §0.4.1), the event id (unique per scope; its leading index column also answers the
 * global newest id) and the event type. {@code scopes} keeps each scope's head so appends and
 * {@code head} never scan the log.
 */
final class SqliteSchema {
  private SqliteSchema() {}

  /** The schema version this code reads and writes. */
  static final int VERSION = 2;

  private static final List<String> V1 =
      List.of(
          """
          CREATE TABLE scopes (
            tenant_id    TEXT    NOT NULL,
            workspace_id TEXT    NOT NULL,
            head         INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id)
          ) WITHOUT ROWID\
          """,
          """
          CREATE TABLE events (
            tenant_id       TEXT    NOT NULL,
            workspace_id    TEXT    NOT NULL,
            seq             INTEGER NOT NULL,
            event_id        TEXT    NOT NULL,
            event_type      TEXT    NOT NULL,
            idempotency_key TEXT    NOT NULL,
            body            BLOB    NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, seq)
          )\
          """,
          "CREATE UNIQUE INDEX events_by_key ON events (tenant_id, workspace_id, idempotency_key)",
          "CREATE UNIQUE INDEX events_by_id ON events (event_id, tenant_id, workspace_id)",
          "CREATE INDEX events_by_type ON events (tenant_id, workspace_id, event_type, seq)",
          """
          CREATE TABLE snapshots (
            tenant_id    TEXT    NOT NULL,
            workspace_id TEXT    NOT NULL,
            seq          INTEGER NOT NULL,
            body         BLOB    NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, seq)
          )\
          """,
          """
          CREATE TABLE manifests (
            tenant_id       TEXT    NOT NULL,
            workspace_id    TEXT    NOT NULL,
            manifest_id     TEXT    NOT NULL,
            deployed_second INTEGER NOT NULL,
            deployed_nano   INTEGER NOT NULL,
            put_order       INTEGER NOT NULL,
            document        BLOB    NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, manifest_id)
          )\
          """,
          "CREATE INDEX manifests_by_put ON manifests (tenant_id, workspace_id, put_order)",
          """
          CREATE TABLE request_records (
            tenant_id    TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            kind         TEXT NOT NULL,
            key          TEXT NOT NULL,
            fingerprint  TEXT NOT NULL,
            response     BLOB NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, kind, key)
          )\
          """,
          """
          CREATE TABLE logs (
            tenant_id    TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            path         TEXT NOT NULL,
            content      BLOB NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, path)
          )\
          """,
          """
          CREATE TABLE metadata (
            key   TEXT NOT NULL PRIMARY KEY,
            value BLOB NOT NULL
          )\
          """);

  /**
   * Version 2: history tables (decisions §3). {@code run_history} holds every finished run (its
   * row for lists, the whole {@code FinishedRun} for reads by id) indexed by run id, by run-list
   * order and by state in that order, and by the sequence number of the event that ended it. The
   * run-list order (triggered time descending, run id ascending) is stored as {@code triggered_key}
   * = minus the epoch nanoseconds, so both columns ascend and a keyset page is one row-value range
   * {@code (triggered_key, run_id) > (?, ?)} that every database seeks with the index (an OR of the
   * two conditions is planned as a scan from the top when its values are parameters); {@code run_key_history} the run_key entries of finished runs;
   * {@code tick_history} settled schedule ticks by schedule in tick-history order; {@code
   * eval_history} replaced sensor evaluations by sensor in evaluation-history order and by the poll
   * lease they answered.
   */
  private static final List<String> V2 =
      List.of(
          """
          CREATE TABLE run_history (
            tenant_id    TEXT    NOT NULL,
            workspace_id TEXT    NOT NULL,
            run_id       TEXT    NOT NULL,
            triggered_key INTEGER NOT NULL,
            state        TEXT    NOT NULL,
            ended_seq    INTEGER NOT NULL,
            run_row      BLOB    NOT NULL,
            body         BLOB    NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, run_id)
          ) WITHOUT ROWID\
          """,
          "CREATE INDEX run_history_by_time ON run_history (tenant_id, workspace_id, triggered_key, run_id)",
          "CREATE INDEX run_history_by_state ON run_history"
              + " (tenant_id, workspace_id, state, triggered_key, run_id)",
          "CREATE INDEX run_history_by_end ON run_history (tenant_id, workspace_id, ended_seq, run_id)",
          """
          CREATE TABLE run_key_history (
            tenant_id    TEXT    NOT NULL,
            workspace_id TEXT    NOT NULL,
            run_key      TEXT    NOT NULL,
            ended_seq    INTEGER NOT NULL,
            body         BLOB    NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, run_key)
          ) WITHOUT ROWID\
          """,
          """
          CREATE TABLE tick_history (
            tenant_id    TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            tick_id      TEXT NOT NULL,
            schedule_id  TEXT NOT NULL,
            scheduled_ns INTEGER NOT NULL,
            status       TEXT NOT NULL,
            ended_seq    INTEGER NOT NULL,
            body         BLOB NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, tick_id)
          ) WITHOUT ROWID\
          """,
          "CREATE INDEX tick_history_by_schedule ON tick_history"
              + " (tenant_id, workspace_id, schedule_id, scheduled_ns, tick_id)",
          """
          CREATE TABLE eval_history (
            tenant_id    TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            eval_id      TEXT NOT NULL,
            sensor_id    TEXT NOT NULL,
            evaluated_key INTEGER NOT NULL,
            status       TEXT NOT NULL,
            lease_key    TEXT,
            ended_seq    INTEGER NOT NULL,
            body         BLOB NOT NULL,
            PRIMARY KEY (tenant_id, workspace_id, eval_id)
          ) WITHOUT ROWID\
          """,
          "CREATE INDEX eval_history_by_sensor ON eval_history"
              + " (tenant_id, workspace_id, sensor_id, evaluated_key, eval_id)",
          "CREATE INDEX eval_history_by_lease ON eval_history (tenant_id, workspace_id, lease_key)");

  /**
   * Brings the open database to {@link #VERSION}; runs inside the caller's write transaction.
   *
   * @throws StoreException if the file was written by a newer schema
   */
  static void prepare(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int current = 0;
      try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
        if (rs.next()) {
          current = rs.getInt(1);
        }
      }
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
      // Snapshots of version 1 hold finished runs in memory; the engine's format check already
      // refolds the log for them, which fills the history tables.
    }
  }
}
