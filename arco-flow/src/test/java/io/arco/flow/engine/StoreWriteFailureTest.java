package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.RunListQuery;
import io.arco.flow.testing.FlakyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that cannot write makes commands fail with {@code STORE_UNAVAILABLE} and the engine not
 * ready until a write succeeds again (decisions §7.8).
 */
class StoreWriteFailureTest {
  private static final Scope WS = new Scope("t1", "w1");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FlakyStore store = new FlakyStore();
  private final Engine engine =
      Engine.open(
          store,
          new ManualClock(Instant.parse("2026-01-01T00:00:00Z")),
          EngineOptions.defaults().withTickInterval(Duration.ZERO));

  @AfterEach
  void close() {
    engine.close();
  }

  private void deploy() {
    ObjectNode m = JSON.createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "c1");
    ObjectNode a = m.putArray("assets").addObject();
    a.putObject("key").put("namespace", "s").put("name", "a");
    a.put("id", "a");
    engine.deployManifest(WS, m, Optional.empty(), "tester");
  }

  private String trigger() {
    return engine.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "tester").runId();
  }

  private int runs() {
    return engine
        .listRuns(WS, new RunListQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0, 100))
        .runs()
        .size();
  }

  @Test
  void commandsFailAsStoreUnavailableAndTheEngineIsNotReadyUntilAWriteSucceeds() {
    deploy();
    store.appendFailure = Optional.of("[SQLITE_FULL] database or disk is full");

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(this::trigger)
          .isInstanceOfSatisfying(
              FlowException.class,
              e ->
                  assertThat(e.error())
                      .isEqualTo(new FlowError.StoreUnavailable("[SQLITE_FULL] database or disk is full")))
          .hasMessage("event store cannot write: [SQLITE_FULL] database or disk is full");
    }
    assertThat(engine.readiness())
        .contains("event store cannot write: [SQLITE_FULL] database or disk is full");
    assertThat(runs()).isZero();

    store.appendFailure = Optional.empty();
    String runId = trigger();

    assertThat(engine.readiness()).isEmpty();
    assertThat(runs()).isEqualTo(1);
    assertThat(engine.getRun(WS, runId).runId()).isEqualTo(runId);
  }

  @Test
  void aFailureIsLoggedOncePerMinuteForEachDistinctReason() {
    StoreWrites writes = new StoreWrites();
    long t = 1_000_000_000L;
    long second = Duration.ofSeconds(1).toNanos();

    assertThat(writes.shouldLog("disk full", t)).isTrue();
    assertThat(writes.shouldLog("disk full", t + 59 * second)).isFalse();
    assertThat(writes.shouldLog("read-only", t + 59 * second)).isTrue();
    assertThat(writes.shouldLog("disk full", t + 60 * second)).isTrue();
    assertThat(writes.shouldLog("read-only", t + 61 * second)).isFalse();
  }

  @Test
  void aCommandWhoseReadOfTheStoreFailsIsStoreUnavailableAndWritesNothing() {
    deploy();
    store.readFailure = Optional.of("FATAL: terminating connection due to administrator command");
    TriggerRequest keyed =
        new TriggerRequest(
            List.of("s.a"), false, false, List.of(), Optional.empty(), Optional.of("k1"), java.util.Map.of());

    assertThatThrownBy(() -> engine.triggerRun(WS, keyed, "tester"))
        .isInstanceOfSatisfying(
            FlowException.class,
            e -> assertThat(e.error()).isInstanceOf(FlowError.StoreUnavailable.class))
        .hasMessageContaining("terminating connection");
    store.readFailure = Optional.empty();
    assertThat(runs()).isZero();

    assertThat(engine.triggerRun(WS, keyed, "tester").created()).isTrue();
  }
}
