package io.arco.api.ops;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.api.ServerConfig;
import io.arco.api.testing.TestServer;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.testing.FlakyStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that cannot write answers commands 503 {@code STORE_UNAVAILABLE} and {@code /ready} 503
 * until a write succeeds; a failed snapshot keeps {@code /ready} 503 until one is saved (decisions
 * §3, §7.8).
 */
class StoreFailureHttpTest {
  private final FlakyStore store = new FlakyStore();
  private final TestServer server =
      TestServer.start(
          store,
          ServerConfig.defaults(),
          EngineOptions.defaults()
              .withTickInterval(Duration.ZERO)
              .withSnapshotEvery(1)
              .withSnapshotRetry(Duration.ZERO));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void writesAnswerStoreUnavailableAndReadyIsFalseUntilAWriteSucceeds() {
    assertThat(server.post(server.ws() + "/manifests", manifest(asset("s.a"))).status()).isEqualTo(201);
    store.appendFailure = Optional.of("[SQLITE_FULL] database or disk is full");

    TestServer.Resp refused = server.post(server.ws() + "/runs", trigger("s.a"));

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.code()).isEqualTo("STORE_UNAVAILABLE");
    assertThat(refused.message()).isEqualTo("event store cannot write: [SQLITE_FULL] database or disk is full");
    TestServer.Resp ready = server.get("/ready");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.body().get("ready").asBoolean()).isFalse();
    assertThat(ready.message()).isEqualTo("event store cannot write: [SQLITE_FULL] database or disk is full");

    store.appendFailure = Optional.empty();
    assertThat(server.post(server.ws() + "/runs", trigger("s.a")).status()).isEqualTo(201);
    server.engine().awaitSnapshots();
    assertThat(server.get("/ready").status()).isEqualTo(200);
  }

  @Test
  void readyIsFalseWhileTheLatestSnapshotFailed() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    store.snapshotFailure = Optional.of("read-only file system");
    assertThat(server.post(server.ws() + "/runs", trigger("s.a")).status()).isEqualTo(201);
    server.engine().awaitSnapshots();

    TestServer.Resp ready = server.get("/ready");

    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.body().get("ready").asBoolean()).isFalse();
    assertThat(ready.message())
        .isEqualTo("the latest snapshot of workspace t1/w1 failed: read-only file system");

    store.snapshotFailure = Optional.empty();
    assertThat(server.post(server.ws() + "/runs", trigger("s.a")).status()).isEqualTo(201);
    server.engine().awaitSnapshots();
    assertThat(server.get("/ready").status()).isEqualTo(200);
  }

  @Test
  void aReadTheStoreCannotAnswerIsStoreUnavailableNotAnInternalError() {
    assertThat(server.post(server.ws() + "/manifests", manifest(asset("s.a"))).status()).isEqualTo(201);
    store.readFailure = Optional.of("FATAL: terminating connection due to administrator command");

    TestServer.Resp refused = server.get(server.ws() + "/runs");

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.code()).isEqualTo("STORE_UNAVAILABLE");
    assertThat(refused.message())
        .isEqualTo("event store cannot be read: FATAL: terminating connection due to administrator command");
    store.readFailure = Optional.empty();
    assertThat(server.get(server.ws() + "/runs").status()).isEqualTo(200);
  }
}
