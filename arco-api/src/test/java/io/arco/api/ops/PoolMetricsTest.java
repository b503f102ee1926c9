package io.arco.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.engine.Storage;
import io.arco.flow.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The connection pool's figures join the metrics when the store has a pool (PostgreSQL). */
class PoolMetricsTest {
  @RegisterExtension static final TestPostgres PG = new TestPostgres();

  private static String scrape(Metrics metrics) {
    return new String(metrics.scrape(List.of(), s -> true), StandardCharsets.UTF_8);
  }

  @Test
  void overPostgresTheHikariPoolsFiguresAreExported() {
    Metrics metrics = Metrics.create();
    try (Storage storage = Storage.postgres(PG.newDatabase())) {
      storage.bindPoolMetrics(metrics.registry());
      storage.scopes(); // borrows a connection

      assertThat(scrape(metrics))
          .contains(
              "hikaricp_connections_active{pool=\"arco-postgres\"}",
              "hikaricp_connections_max{pool=\"arco-postgres\"}",
              "hikaricp_connections_pending{pool=\"arco-postgres\"}",
              "hikaricp_connections_acquire_seconds_count{pool=\"arco-postgres\"}");
    } finally {
      metrics.close();
    }
  }

  @Test
  void overSqliteThereIsNoPoolToMeasure(@TempDir Path dir) {
    Metrics metrics = Metrics.create();
    try (Storage storage = Storage.sqlite(dir.resolve("arco.db"))) {
      storage.bindPoolMetrics(metrics.registry());

      assertThat(scrape(metrics)).doesNotContain("hikaricp_");
    } finally {
      metrics.close();
    }
  }
}
