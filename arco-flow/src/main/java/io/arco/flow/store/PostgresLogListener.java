package io.arco.flow.store;

import io.arco.flow.model.Scope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of its own, outside the pool, that runs {@code LISTEN} on the append channel and
 * hands each notified workspace on. When the connection fails it reconnects (every half second at
 * first, backing off to five) and, once listening again, says so: what was appended while it was
 * away was not announced, so the node must catch up by reading.
 */
final class PostgresLogListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresLogListener.class);
  private static final int WAIT_MS = 250;

  private final String jdbcUrl;
  private final String location;
  private final String channel;
  private final Consumer<Scope> appended;
  private final Runnable reconnected;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  private PostgresLogListener(
      String jdbcUrl, String location, String channel, Consumer<Scope> appended, Runnable reconnected) {
    this.jdbcUrl = jdbcUrl;
    this.location = location;
    this.channel = channel;
    this.appended = appended;
    this.reconnected = reconnected;
    this.thread = Thread.ofPlatform().daemon().name("arco-log-listener").unstarted(this::run);
  }

  static PostgresLogListener start(
      String jdbcUrl, String location, String channel, Consumer<Scope> appended, Runnable reconnected) {
    PostgresLogListener l = new PostgresLogListener(jdbcUrl, location, channel, appended, reconnected);
    l.thread.start();
    return l;
  }

  private void run() {
    long backoff = 500;
    boolean first = true;
    while (!closed) {
      try (Connection c = DriverManager.getConnection(jdbcUrl)) {
        connection = c;
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + channel);
        }
        backoff = 500;
        if (!first) {
          reconnected.run();
        }
        first = false;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(WAIT_MS);
          if (got == null) {
            continue;
          }
          for (PGNotification n : got) {
            ClusterChannel.scope(n.getParameter()).ifPresent(this::tell);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        first = false;
        LOG.warn("listening for appends on {} failed ({}); reconnecting", location, e.getMessage());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(backoff * 2, 5_000);
      } finally {
        connection = null;
      }
    }
  }

  private void tell(Scope scope) {
    try {
      appended.accept(scope);
    } catch (RuntimeException e) {
      LOG.warn("an append listener failed for {}", scope, e);
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
