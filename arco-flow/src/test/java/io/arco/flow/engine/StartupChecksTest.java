package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.event.UnknownEvent;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.ForwardingEventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.SqliteEventStore;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.StoredSnapshot;
import io.arco.flow.store.codec.SnapshotCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a workspace checks what it reads (decisions §3): a gap, a snapshot ahead of the log or a
 * stored event that does not apply stops the engine from opening with a message naming the
 * workspace and the sequence; an unreadable snapshot only costs a full replay.
 */
class StartupChecksTest {
  private static final Scope WS = new Scope("t1", "w1");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EngineOptions OPTIONS = EngineOptions.defaults().withTickInterval(Duration.ZERO);

  private static Engine open(EventStore store) {
    return Engine.open(store, new ManualClock(T0), OPTIONS);
  }

  /**
   * Deploys one asset and triggers {@code runs} runs (two events each), then closes the engine,
   * which writes its final snapshot and leaves the store open.
   */
  private static void work(EventStore store, int runs) {
    Engine engine = open(new Kept(store));
    ObjectNode m = JSON.createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "c1");
    ObjectNode a = m.putArray("assets").addObject();
    a.putObject("key").put("namespace", "s").put("name", "a");
    a.put("id", "a");
    engine.deployManifest(WS, m, Optional.empty(), "tester");
    for (int i = 0; i < runs; i++) {
      engine.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "tester");
    }
    engine.close();
  }

  /** The store, left open when an engine over it closes. */
  private static class Kept extends ForwardingEventStore {
    Kept(EventStore delegate) {
      super(delegate);
    }

    @Override
    public void close() {}
  }

  /** The store without its snapshots, so a load folds the whole log. */
  private static class WithoutSnapshots extends Kept {
    WithoutSnapshots(EventStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<StoredSnapshot> latestSnapshot(Scope scope) {
      return Optional.empty();
    }
  }

  private static byte[] state(Engine engine) {
    return engine.read(WS, s -> SnapshotCodec.encode(s.snapshot()));
  }

  @Test
  void aGapInTheLogStopsStartUpNamingTheWorkspaceAndTheMissingSequence(@TempDir Path dir)
      throws Exception {
    Path db = dir.resolve("arco.db");
    try (SqliteEventStore store = SqliteEventStore.open(db)) {
      work(store, 3);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM events WHERE seq = 4");
      st.execute("DELETE FROM snapshots");
    }
    try (SqliteEventStore store = SqliteEventStore.open(db)) {
      assertThatThrownBy(() -> open(store))
          .isInstanceOf(LogIntegrityException.class)
          .hasMessage(
              "store check failed for workspace t1/w1 at sequence 4: the event is missing (the log"
                  + " goes from sequence 3 to 5)");
    }
  }

  @Test
  void aLogThatEndsBeforeItsHeadStopsStartUp() {
    InMemoryEventStore memory = new InMemoryEventStore();
    work(memory, 2);
    long head = memory.head(WS);
    EventStore lostTail =
        new WithoutSnapshots(memory) {
          @Override
          public List<StoredEvent> read(Scope scope, long afterSequence, int limit) {
            return super.read(scope, afterSequence, limit).stream()
                .filter(e -> e.sequence() < head)
                .toList();
          }
        };

    assertThatThrownBy(() -> open(lostTail))
        .isInstanceOf(LogIntegrityException.class)
        .hasMessageStartingWith("store check failed for workspace t1/w1 at sequence " + head + ": ")
        .hasMessageContaining("its head is " + head);
  }

  @Test
  void aSnapshotAheadOfTheLogStopsStartUp() {
    InMemoryEventStore store = new InMemoryEventStore();
    work(store, 2);
    long head = store.head(WS);
    StoredSnapshot latest = store.latestSnapshot(WS).orElseThrow();
    store.saveSnapshot(WS, new StoredSnapshot(head + 5, latest.bytes()));

    assertThatThrownBy(() -> open(store))
        .isInstanceOf(LogIntegrityException.class)
        .hasMessage(
            "store check failed for workspace t1/w1 at sequence "
                + (head + 5)
                + ": the latest snapshot is ahead of the log, whose head is "
                + head);
  }

  @Test
  void aStoredEventThatDoesNotApplyStopsStartUp() {
    InMemoryEventStore store = new InMemoryEventStore();
    work(store, 1);
    long bad =
        store.append(
            WS,
            List.of(
                EventEnvelope.of(
                    "01KZZZZZZZZZZZZZZZZZZZZZZZ",
                    T0,
                    WS,
                    new TaskStarted("no-such-run", "s.a", 1, "att", "w"))),
            List.of());

    assertThatThrownBy(() -> open(new WithoutSnapshots(store)))
        .isInstanceOf(LogIntegrityException.class)
        .hasMessage(
            "store check failed for workspace t1/w1 at sequence "
                + bad
                + ": the stored event 01KZZZZZZZZZZZZZZZZZZZZZZZ (TaskStarted) does not apply on"
                + " replay");
    // From the snapshot the engine wrote at its close, the bad event is the whole tail.
    assertThatThrownBy(() -> open(new Kept(store)))
        .isInstanceOf(LogIntegrityException.class)
        .hasMessageContaining("at sequence " + bad + ":");
  }

  @Test
  void anEventOfATypeThisVersionDoesNotKnowIsNoReasonToStop() {
    InMemoryEventStore store = new InMemoryEventStore();
    work(store, 1);
    long unknown =
        store.append(
            WS,
            List.of(
                EventEnvelope.of(
                    "01KZZZZZZZZZZZZZZZZZZZZZZZ",
                    T0,
                    WS,
                    new UnknownEvent("FromANewerVersion", "{}"),
                    "newer:1")),
            List.of());

    try (Engine engine = open(new WithoutSnapshots(store))) {
      assertThat(engine.stats()).singleElement().satisfies(s -> assertThat(s.events()).isEqualTo(unknown));
    }
  }

  @Test
  void anUnreadableSnapshotIsSkippedAndTheStateEqualsAFullReplay() {
    InMemoryEventStore store = new InMemoryEventStore();
    work(store, 3);
    long head = store.head(WS);
    EventStore corrupt =
        new Kept(store) {
          @Override
          public Optional<StoredSnapshot> latestSnapshot(Scope scope) {
            return Optional.of(
                new StoredSnapshot(head, "{\"runs\": [not json".getBytes(StandardCharsets.UTF_8)));
          }
        };

    byte[] fromCorrupt;
    try (Engine engine = open(corrupt)) {
      fromCorrupt = state(engine);
      assertThat(engine.stats()).singleElement().satisfies(s -> assertThat(s.events()).isEqualTo(head));
      assertThat(engine.readiness()).isEmpty();
    }
    byte[] fullReplay;
    try (Engine engine = open(new WithoutSnapshots(store))) {
      fullReplay = state(engine);
    }
    assertThat(fromCorrupt).isEqualTo(fullReplay);
    assertThat(new String(fullReplay, StandardCharsets.UTF_8)).contains("\"runs\":[{");
  }
}
