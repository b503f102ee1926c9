package io.arco.flow.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the SQLite write-ahead log into the database file from a thread of its own, so that no
 * commit pays for it. By default SQLite checkpoints inside the commit that takes the log past 1,000
 * pages, and that commit then also writes and syncs the database file; the store turns that off
 * on its writer ({@code wal_autocheckpoint=0}) and runs a {@code PASSIVE} checkpoint here every
 * {@code period}: it copies what no reader still needs and never blocks the writer or a reader.
 * Durability is unchanged: a commit is durable once its log frames are synced ({@code
 * synchronous=FULL}); a checkpoint only moves them. A failed checkpoint is retried next period.
 */
final class WalCheckpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  private final Connection connection;
  private final Duration period;
  private final Thread thread;
  private final AtomicLong checkpoints = new AtomicLong();
  private volatile boolean running = true;

  WalCheckpointer(Connection connection, Duration period, String name) {
    this.connection = connection;
    this.period = period;
    this.thread = Thread.ofPlatform().daemon().name("arco-wal-checkpoint " + name).unstarted(this::loop);
  }

  WalCheckpointer start() {
    thread.start();
    return this;
  }

  /** Checkpoints that copied at least one frame since start; for tests. */
  long checkpoints() {
    return checkpoints.get();
  }

  private void loop() {
    String lastFailure = "";
    while (running) {
      try {
        Thread.sleep(period);
      } catch (InterruptedException e) {
        return;
      }
      if (!running) {
        return;
      }
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        if (rs.next() && rs.getInt(3) > 0) {
          checkpoints.incrementAndGet();
        }
        lastFailure = "";
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        String reason = String.valueOf(e.getMessage());
        if (!reason.equals(lastFailure)) {
          LOG.warn("WAL checkpoint failed (retried every {} ms): {}", period.toMillis(), reason);
          lastFailure = reason;
        }
      }
    }
  }

  /** Stops the thread and waits for a checkpoint in progress; the connection is the caller's. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
