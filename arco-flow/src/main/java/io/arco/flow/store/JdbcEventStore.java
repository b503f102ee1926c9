package io.arco.flow.store;

import io.arco.flow.error.StoreException;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.EvalHistoryQuery;
import io.arco.flow.fold.FinishedEval;
import io.arco.flow.fold.FinishedRun;
import io.arco.flow.fold.FinishedTick;
import io.arco.flow.fold.HistoryRows;
import io.arco.flow.fold.TickHistoryQuery;
import io.arco.flow.fold.RunHistoryQuery;
import io.arco.flow.fold.RunHistoryRow;
import io.arco.flow.fold.IdempotencyRecord;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.fold.RunRow;
import io.arco.flow.store.codec.HistoryCodec;
import io.arco.flow.model.Scope;
import io.arco.flow.store.codec.EventCodec;
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
import java.util.function.Supplier;

/**
 * What the SQL stores share: the tables (same names and keys in {@link SqliteSchema} and {@link
 * PostgresSchema}), every query, and the shape of an append. Both databases speak the SQL used here
 * ({@code ON CONFLICT}, {@code LIMIT ?}, positional parameters). A store supplies how it runs work
 * on a connection ({@link #query}, {@link #transaction}) and the three parts of an append that
 * differ: reading the head under its own locking, refusing a batch whose keys are stored, and
 * reading an insert failure.
 */
abstract sealed class JdbcEventStore implements EventStore permits SqliteEventStore, PostgresEventStore {

  /** Work on a connection that may throw {@link SQLException}. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs read-only {@code work} on a connection that sees the last committed state. */
  abstract <T> T query(SqlWork<T> work);

  /** Runs {@code work} in one transaction that commits durably or rolls back everything. */
  abstract <T> T transaction(SqlWork<T> work);

  /** The scope's head for an append, read under whatever lock keeps appends apart. */
  abstract long headForAppend(Connection c, Scope scope) throws SQLException;

  /** Refuses the batch with a {@link DuplicateKeyException} when one of its keys is stored. */
  abstract void rejectStoredKeys(Connection c, Scope scope, List<EventEnvelope> events)
      throws SQLException;

  /** A failed insert into {@code events}: a unique violation the pre-check missed, or worse. */
  abstract StoreException appendFailure(SQLException ex, Scope scope);

  // ---- events --------------------------------------------------------------------------------

  @Override
  public final long append(
      Scope scope,
      List<EventEnvelope> events,
      List<SideWrite> sideWrites,
      HistoryRows rows) {
    Batch.check(scope, events, sideWrites);
    Batch.checkHistory(scope, rows);
    List<byte[]> bodies = events.stream().map(EventCodec::encode).toList();
    EncodedHistory history = EncodedHistory.of(rows);
    return transaction(
        c -> {
          long head = headForAppend(c, scope);
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
              throw appendFailure(ex, scope);
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
          insertHistory(c, scope, history);
          return head;
        });
  }

  // ---- history (decisions §3) ----------------------------------------------------------------

  /** A batch's history rows, encoded outside the transaction. */
  private record EncodedHistory(List<EncodedRun> runs, List<FinishedTick> ticks, List<byte[]> tickBodies,
      List<FinishedEval> evals, List<byte[]> evalBodies) {
    static EncodedHistory of(HistoryRows rows) {
      return new EncodedHistory(
          rows.runs().stream().map(EncodedRun::of).toList(),
          rows.ticks(),
          rows.ticks().stream().map(HistoryCodec::encode).toList(),
          rows.evals(),
          rows.evals().stream().map(HistoryCodec::encode).toList());
    }
  }

  /** A finished run with its columns computed and its rows encoded outside the transaction. */
  private record EncodedRun(FinishedRun run, long triggeredNs, byte[] runRow, byte[] body, Optional<byte[]> key) {
    static EncodedRun of(FinishedRun r) {
      return new EncodedRun(
          r,
          nanos(r.run().triggeredAt()),
          HistoryCodec.encode(r.run()),
          HistoryCodec.encode(r),
          r.runKey().map(HistoryCodec::encode));
    }
  }

  /** Epoch nanoseconds, saturated at the range of a long (years 1677 to 2262). */
  static long nanos(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** A newest-first sort key: minus the epoch nanoseconds (saturated like {@link #nanos}). */
  static long newestFirst(Instant t) {
    long n = nanos(t);
    return n == Long.MIN_VALUE ? Long.MAX_VALUE : -n;
  }

  private static void insertHistory(Connection c, Scope scope, EncodedHistory h)
      throws SQLException {
    insertRuns(c, scope, h.runs());
    try (PreparedStatement tick =
            c.prepareStatement(
                "INSERT INTO tick_history (tenant_id, workspace_id, tick_id, schedule_id,"
                    + " scheduled_ns, status, ended_seq, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement eval =
            c.prepareStatement(
                "INSERT INTO eval_history (tenant_id, workspace_id, eval_id, sensor_id,"
                    + " evaluated_key, status, lease_key, ended_seq, body)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < h.ticks().size(); i++) {
        FinishedTick t = h.ticks().get(i);
        bindScope(tick, scope);
        tick.setString(3, t.tickId());
        tick.setString(4, t.tick().scheduleId());
        tick.setLong(5, nanos(t.tick().scheduledFor()));
        tick.setString(6, t.status());
        tick.setLong(7, t.endedAt());
        tick.setBytes(8, h.tickBodies().get(i));
        tick.addBatch();
      }
      for (int i = 0; i < h.evals().size(); i++) {
        FinishedEval e = h.evals().get(i);
        bindScope(eval, scope);
        eval.setString(3, e.evalId());
        eval.setString(4, e.eval().sensorId());
        eval.setLong(5, newestFirst(e.eval().evaluatedAt()));
        eval.setString(6, e.eval().status().filterName());
        eval.setString(7, e.leaseKey().map(JdbcEventStore::storedLeaseKey).orElse(null));
        eval.setLong(8, e.endedAt());
        eval.setBytes(9, h.evalBodies().get(i));
        eval.addBatch();
      }
      if (!h.ticks().isEmpty()) {
        tick.executeBatch();
      }
      if (!h.evals().isEmpty()) {
        eval.executeBatch();
      }
    } catch (SQLException ex) {
      throw new StoreException("cannot write history rows in " + scope + ": " + ex.getMessage(), ex);
    }
  }

  private static void insertRuns(Connection c, Scope scope, List<EncodedRun> runs)
      throws SQLException {
    if (runs.isEmpty()) {
      return;
    }
    try (PreparedStatement run =
            c.prepareStatement(
                "INSERT INTO run_history (tenant_id, workspace_id, run_id, triggered_key, state,"
                    + " ended_seq, run_row, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement key =
            c.prepareStatement(
                "INSERT INTO run_key_history (tenant_id, workspace_id, run_key, ended_seq, body)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      boolean keys = false;
      for (EncodedRun r : runs) {
        bindScope(run, scope);
        run.setString(3, r.run().runId());
        run.setLong(4, r.triggeredNs() == Long.MIN_VALUE ? Long.MAX_VALUE : -r.triggeredNs());
        run.setString(5, r.run().publicState().name());
        run.setLong(6, r.run().endedAt());
        run.setBytes(7, r.runRow());
        run.setBytes(8, r.body());
        run.addBatch();
        if (r.key().isPresent()) {
          bindScope(key, scope);
          key.setString(3, r.run().runKey().orElseThrow().runKey());
          key.setLong(4, r.run().endedAt());
          key.setBytes(5, r.key().get());
          key.addBatch();
          keys = true;
        }
      }
      run.executeBatch();
      if (keys) {
        key.executeBatch();
      }
    } catch (SQLException ex) {
      throw new StoreException("cannot write history rows in " + scope + ": " + ex.getMessage(), ex);
    }
  }

  @Override
  public final Optional<FinishedRun> finishedRun(Scope scope, String runId) {
    Objects.requireNonNull(runId, "runId");
    return query(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT body FROM run_history WHERE tenant_id = ? AND workspace_id = ?"
                      + " AND run_id = ?")) {
            bindScope(st, scope);
            st.setString(3, runId);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next()
                  ? Optional.of(HistoryCodec.decodeRun(rs.getBytes(1)))
                  : Optional.<FinishedRun>empty();
            }
          }
        });
  }

  @Override
  public final Optional<RunKeyRow> finishedRunKey(Scope scope, String runKey, long before) {
    Objects.requireNonNull(runKey, "runKey");
    return query(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT body FROM run_key_history WHERE tenant_id = ? AND workspace_id = ?"
                      + " AND run_key = ? AND ended_seq < ?")) {
            bindScope(st, scope);
            st.setString(3, runKey);
            st.setLong(4, before);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next()
                  ? Optional.of(HistoryCodec.decodeRunKey(rs.getBytes(1)))
                  : Optional.<RunKeyRow>empty();
            }
          }
        });
  }

  @Override
  public final Optional<IdempotencyRecord> storedKey(Scope scope, String idempotencyKey, long before) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    return query(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT body FROM events WHERE tenant_id = ? AND workspace_id = ?"
                      + " AND idempotency_key = ? AND seq < ?")) {
            bindScope(st, scope);
            st.setString(3, idempotencyKey);
            st.setLong(4, before);
            try (ResultSet rs = st.executeQuery()) {
              if (!rs.next()) {
                return Optional.<IdempotencyRecord>empty();
              }
              EventEnvelope e = EventCodec.decode(rs.getBytes(1));
              return Optional.of(
                  new IdempotencyRecord(
                      e.idempotencyKey(), e.eventId(), e.eventType(), e.timestamp()));
            }
          }
        });
  }

  @Override
  public final List<RunHistoryRow> finishedRuns(Scope scope, RunHistoryQuery q) {
    if (q.limit() == 0) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT run_row, state FROM run_history WHERE tenant_id = ? AND workspace_id = ?");
    if (q.state().isPresent()) {
      sql.append(" AND state = ?");
    }
    if (q.afterTriggeredAt().isPresent()) {
      sql.append(" AND (triggered_key, run_id) > (?, ?)");
    }
    sql.append(" ORDER BY triggered_key, run_id LIMIT ? OFFSET ?");
    return query(
        c -> {
          try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            bindScope(st, scope);
            int i = 3;
            if (q.state().isPresent()) {
              st.setString(i++, q.state().get().name());
            }
            if (q.afterTriggeredAt().isPresent()) {
              st.setLong(i++, newestFirst(q.afterTriggeredAt().get()));
              st.setString(i++, q.afterRunId().orElse(""));
            }
            st.setInt(i++, q.limit());
            st.setLong(i, q.skip());
            List<RunHistoryRow> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new RunHistoryRow(
                        HistoryCodec.decodeRunRow(rs.getBytes(1)),
                        io.arco.flow.model.PublicRunState.valueOf(rs.getString(2))));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public final List<FinishedRun> finishedRunsByEnd(Scope scope, long afterEndedAt, int limit) {
    Batch.checkLimit(limit);
    return query(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT body FROM run_history WHERE tenant_id = ? AND workspace_id = ?"
                      + " AND ended_seq > ? ORDER BY ended_seq, run_id LIMIT ?")) {
            bindScope(st, scope);
            st.setLong(3, afterEndedAt);
            st.setInt(4, limit);
            List<FinishedRun> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) {
                out.add(HistoryCodec.decodeRun(rs.getBytes(1)));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public final void clearHistory(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    transaction(
        c -> {
          for (String table :
              List.of("run_history", "run_key_history", "tick_history", "eval_history", "snapshots")) {
            try (PreparedStatement st =
                c.prepareStatement(
                    "DELETE FROM " + table + " WHERE tenant_id = ? AND workspace_id = ?")) {
              bindScope(st, scope);
              st.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public final long historyHead(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return query(
        c -> {
          long max = 0;
          for (String table : List.of("run_history", "tick_history", "eval_history")) {
            try (PreparedStatement st =
                c.prepareStatement(
                    "SELECT MAX(ended_seq) FROM " + table + " WHERE tenant_id = ? AND workspace_id = ?")) {
              bindScope(st, scope);
              try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                  max = Math.max(max, rs.getLong(1));
                }
              }
            }
          }
          return max;
        });
  }

  @Override
  public final Optional<FinishedTick> finishedTick(Scope scope, String tickId) {
    return one(scope, "SELECT body FROM tick_history WHERE tenant_id = ? AND workspace_id = ? AND tick_id = ?",
        tickId).map(HistoryCodec::decodeTick);
  }

  @Override
  public final Optional<FinishedEval> finishedEval(Scope scope, String evalId) {
    return one(scope, "SELECT body FROM eval_history WHERE tenant_id = ? AND workspace_id = ? AND eval_id = ?",
        evalId).map(HistoryCodec::decodeEval);
  }

  @Override
  public final Optional<FinishedEval> finishedEvalOfLease(Scope scope, String leaseKey) {
    return one(
            scope,
            "SELECT body FROM eval_history WHERE tenant_id = ? AND workspace_id = ? AND lease_key = ?"
                + " ORDER BY ended_seq LIMIT 1",
            storedLeaseKey(leaseKey))
        .map(HistoryCodec::decodeEval);
  }

  /** A lease key as a column: NUL separators (which PostgreSQL text refuses) become U+001F. */
  private static String storedLeaseKey(String leaseKey) {
    return leaseKey.replace('\0', '\u001f');
  }

  /** The body of the first row a by-key query finds. */
  private Optional<byte[]> one(Scope scope, String sql, String key) {
    Objects.requireNonNull(key, "key");
    return query(
        c -> {
          try (PreparedStatement st = c.prepareStatement(sql)) {
            bindScope(st, scope);
            st.setString(3, key);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
            }
          }
        });
  }

  @Override
  public final List<FinishedTick> finishedTicks(Scope scope, TickHistoryQuery q) {
    if (q.limit() <= 0) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT body FROM tick_history WHERE tenant_id = ? AND workspace_id = ? AND schedule_id = ?");
    if (q.status().isPresent()) {
      sql.append(" AND status = ?");
    }
    if (q.afterScheduledFor().isPresent()) {
      sql.append(" AND (scheduled_ns, tick_id) < (?, ?)");
    }
    sql.append(" ORDER BY scheduled_ns DESC, tick_id DESC LIMIT ?");
    return query(
        c -> {
          try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            bindScope(st, scope);
            int i = 3;
            st.setString(i++, q.scheduleId());
            if (q.status().isPresent()) {
              st.setString(i++, q.status().get());
            }
            if (q.afterScheduledFor().isPresent()) {
              st.setLong(i++, nanos(q.afterScheduledFor().get()));
              st.setString(i++, q.afterTickId().orElse(""));
            }
            st.setInt(i, q.limit());
            List<FinishedTick> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) {
                out.add(HistoryCodec.decodeTick(rs.getBytes(1)));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public final List<FinishedEval> finishedEvals(Scope scope, EvalHistoryQuery q) {
    if (q.limit() <= 0) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT body FROM eval_history WHERE tenant_id = ? AND workspace_id = ? AND sensor_id = ?");
    if (q.since().isPresent()) {
      sql.append(" AND evaluated_key <= ?");
    }
    if (q.until().isPresent()) {
      sql.append(" AND evaluated_key >= ?");
    }
    if (q.status().isPresent()) {
      sql.append(" AND status = ?");
    }
    if (q.afterEvaluatedAt().isPresent()) {
      sql.append(" AND (evaluated_key, eval_id) > (?, ?)");
    }
    sql.append(" ORDER BY evaluated_key, eval_id LIMIT ?");
    return query(
        c -> {
          try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            bindScope(st, scope);
            int i = 3;
            st.setString(i++, q.sensorId());
            if (q.since().isPresent()) {
              st.setLong(i++, newestFirst(q.since().get()));
            }
            if (q.until().isPresent()) {
              st.setLong(i++, newestFirst(q.until().get()));
            }
            if (q.status().isPresent()) {
              st.setString(i++, q.status().get());
            }
            if (q.afterEvaluatedAt().isPresent()) {
              st.setLong(i++, newestFirst(q.afterEvaluatedAt().get()));
              st.setString(i++, q.afterEvalId().orElse(""));
            }
            st.setInt(i, q.limit());
            List<FinishedEval> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) {
                out.add(HistoryCodec.decodeEval(rs.getBytes(1)));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public final void putHistory(Scope scope, HistoryRows rows) {
    Batch.checkHistory(scope, rows);
    EncodedHistory history = EncodedHistory.of(rows);
    transaction(
        c -> {
          listScope(c, scope);
          insertHistory(c, scope, history);
          return null;
        });
  }

  @Override
  public final List<StoredEvent> read(Scope scope, long afterSequence, int limit) {
    Objects.requireNonNull(scope, "scope");
    Batch.checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    return query(
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
  public final long head(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return query(c -> head(c, scope, ""));
  }

  /** The scope's head; {@code suffix} may add a locking clause such as {@code FOR UPDATE}. */
  static long head(Connection c, Scope scope, String suffix) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT head FROM scopes WHERE tenant_id = ? AND workspace_id = ?" + suffix)) {
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
  public final Optional<String> newestEventId() {
    return query(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT MAX(event_id) FROM events")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
          }
        });
  }

  @Override
  public final List<Scope> scopes() {
    return query(
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
  public final void saveSnapshot(Scope scope, StoredSnapshot snapshot) {
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
  public final Optional<StoredSnapshot> latestSnapshot(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return query(
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

  /** Manifests of a scope matching {@code condition} (with {@code ?} for {@code parameter}). */
  private List<ManifestRecord> manifestsWhere(
      Scope scope, String condition, Optional<String> parameter, String order) {
    return query(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "SELECT "
                      + MANIFEST_COLUMNS
                      + " FROM manifests WHERE tenant_id = ? AND workspace_id = ?"
                      + condition
                      + order)) {
            bindScope(st, scope);
            if (parameter.isPresent()) {
              st.setString(3, parameter.get());
            }
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
  public final Optional<ManifestRecord> manifest(Scope scope, String manifestId) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(manifestId, "manifestId");
    return manifestsWhere(scope, " AND manifest_id = ?", Optional.of(manifestId), "").stream()
        .findFirst();
  }

  @Override
  public final List<ManifestRecord> manifests(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return manifestsWhere(
        scope,
        "",
        Optional.empty(),
        " ORDER BY deployed_second DESC, deployed_nano DESC, manifest_id DESC");
  }

  @Override
  public final Optional<ManifestRecord> latestManifest(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    return manifestsWhere(scope, "", Optional.empty(), " ORDER BY put_order DESC LIMIT 1").stream()
        .findFirst();
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
  public final Optional<RequestRecord> requestRecord(Scope scope, String kind, String key) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    return query(
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
  public final boolean putLog(Scope scope, LogRecord log) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(log, "log");
    String path = Objects.requireNonNull(log.path(), "path");
    byte[] content = Objects.requireNonNull(log.content(), "content");
    return transaction(
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
  public final List<LogRecord> logs(
      Scope scope, String prefix, Optional<String> afterPath, int limit) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(afterPath, "afterPath");
    Batch.checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    Optional<String> end = TextOrder.prefixEnd(prefix);
    return query(
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

  /**
   * The stored value, or {@code ifAbsent}'s stored first: of racing callers (threads or nodes) the
   * first insert wins and the others read the winner's value.
   */
  @Override
  public final byte[] metadata(String key, Supplier<byte[]> ifAbsent) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ifAbsent, "ifAbsent");
    Optional<byte[]> existing = query(c -> metadataValue(c, key));
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] value = Objects.requireNonNull(ifAbsent.get(), "metadata value").clone();
    return transaction(
        c -> {
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

  static void bindScope(PreparedStatement st, Scope scope) throws SQLException {
    st.setString(1, scope.tenant());
    st.setString(2, scope.workspace());
  }
}
