package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.testing.FlakyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A snapshot that cannot be saved is retried with backoff, not after every batch, and reported by
 * readiness until one is saved; shutdown tells whether its final snapshot failed (decisions §3,
 * §7.8).
 */
class SnapshotFailureTest {
  private static final Scope WS = new Scope("t1", "w1");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FlakyStore store = new FlakyStore();

  private Engine open(Duration firstRetry) {
    return Engine.open(
        store,
        new ManualClock(Instant.parse("2026-01-01T00:00:00Z")),
        EngineOptions.defaults()
            .withTickInterval(Duration.ZERO)
            .withSnapshotEvery(1)
            .withSnapshotRetry(firstRetry));
  }

  private static void deploy(Engine engine) {
    ObjectNode m = JSON.createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "c1");
    ObjectNode a = m.putArray("assets").addObject();
    a.putObject("key").put("namespace", "s").put("name", "a");
    a.put("id", "a");
    engine.deployManifest(WS, m, Optional.empty(), "tester");
  }

  private static void trigger(Engine engine) {
    engine.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "tester");
  }

  @Test
  void aFailingSnapshotIsRetriedAfterItsBackoffNotAfterEveryBatch() {
    store.snapshotFailure = Optional.of("disk full (injected)");
    Engine engine = open(Duration.ofHours(1));
    deploy(engine);
    for (int i = 0; i < 50; i++) {
      trigger(engine);
    }
    engine.awaitSnapshots();

    // One snapshot was due after every batch; only the first was attempted.
    assertThat(store.snapshotAttempts).hasValue(1);
    assertThat(engine.readiness())
        .contains("the latest snapshot of workspace t1/w1 failed: disk full (injected)");

    engine.close();
    // close() tries a final snapshot whatever the backoff, and reports that it failed.
    assertThat(store.snapshotAttempts).hasValue(2);
    assertThat(engine.closeFailures())
        .containsExactly("the latest snapshot of workspace t1/w1 failed: disk full (injected)");
  }

  @Test
  void aSnapshotSavedAfterFailuresMakesTheEngineReadyAgain() {
    store.snapshotFailure = Optional.of("read-only file system (injected)");
    Engine engine = open(Duration.ZERO);
    deploy(engine);
    trigger(engine);
    engine.awaitSnapshots();
    assertThat(engine.readiness()).isPresent();

    store.snapshotFailure = Optional.empty();
    trigger(engine);
    engine.awaitSnapshots();

    assertThat(engine.readiness()).isEmpty();
    long head = store.head(WS);
    assertThat(store.latestSnapshot(WS)).hasValueSatisfying(s -> assertThat(s.sequence()).isEqualTo(head));
    engine.close();
    assertThat(engine.closeFailures()).isEmpty();
  }

  @Test
  void closeWritesTheFinalSnapshotAtTheHeadAfterTheOneInFlight() {
    Engine engine =
        Engine.open(
            store,
            new ManualClock(Instant.parse("2026-01-01T00:00:00Z")),
            EngineOptions.defaults().withTickInterval(Duration.ZERO).withSnapshotEvery(3));
    deploy(engine);
    for (int i = 0; i < 10; i++) {
      trigger(engine);
    }
    long head = store.head(WS);
    engine.close();

    assertThat(engine.closeFailures()).isEmpty();
    assertThat(store.latestSnapshot(WS)).hasValueSatisfying(s -> assertThat(s.sequence()).isEqualTo(head));
  }

  @Test
  void theWaitBeforeARetryDoublesUpToFiveMinutes() {
    Duration first = Duration.ofSeconds(1);
    assertThat(List.of(1, 2, 3, 4, 9, 10, 1000).stream().map(n -> SnapshotWriter.retryDelay(first, n)))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(256),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5));
    assertThat(SnapshotWriter.retryDelay(Duration.ZERO, 7)).isZero();
  }
}
