package io.arco.flow.engine;

import com.github.f4b6a3.ulid.Ulid;
import io.arco.flow.error.StoreException;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.PostgresEventStore;
import io.arco.flow.store.SqliteEventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * A durable store opened by its location, for the command line: {@code arco serve} opens an engine
 * over it, {@code arco rebuild} rebuilds its workspaces. Keeps the store's types inside arco-flow.
 */
public final class Storage implements AutoCloseable {
  private final EventStore store;

  private Storage(EventStore store) {
    this.store = store;
  }

  /**
   * The embedded SQLite store in {@code file}: creates its directory ({@code 0700}) and locks it
   * for this process (decisions §3).
   *
   * @throws StoreException if it cannot be opened, e.g. another process holds it
   */
  public static Storage sqlite(Path file) {
    return new Storage(SqliteEventStore.open(file));
  }

  /**
   * The PostgreSQL store at {@code jdbcUrl} ({@code jdbc:postgresql://HOST:PORT/DATABASE?...}).
   *
   * @throws StoreException if it cannot be opened
   */
  public static Storage postgres(String jdbcUrl) {
    return new Storage(PostgresEventStore.open(jdbcUrl));
  }

  /**
   * Hands a metrics registry (a Micrometer {@code MeterRegistry}) to the store's connection pool:
   * PostgreSQL's HikariCP pool records its metrics there; SQLite has no pool and ignores it.
   * Typed {@code Object} so arco-flow depends on no metrics library.
   */
  public void bindPoolMetrics(Object registry) {
    if (store instanceof PostgresEventStore postgres) {
      postgres.bindPoolMetrics(registry);
    }
  }

  /** Every workspace with events in the store. */
  public List<Scope> scopes() {
    return store.scopes();
  }

  /** When the newest event of the store was recorded, from its ULID id; empty for an empty store. */
  public Optional<Instant> newestEventTime() {
    return store.newestEventId().map(Ulid::getInstant);
  }

  /**
   * Opens an engine over this store (see {@link Engine#open}); closing the engine closes the store.
   *
   * @throws LogIntegrityException if a workspace's log fails its checks; the store stays open
   */
  public Engine openEngine(InstantSource clock, EngineOptions options) {
    return Engine.open(store, clock, options);
  }

  /** Rebuilds one workspace's live state and history tables from its log (see {@link Engine#rebuild}). */
  public RebuildReport rebuild(Scope scope) {
    return Engine.rebuild(store, scope);
  }

  @Override
  public void close() {
    store.close();
  }
}
