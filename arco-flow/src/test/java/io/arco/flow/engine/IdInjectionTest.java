package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.ForwardingEventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The id generator is injected at {@link Engine#open}: minted ids come from it, derived ones do not. */
class IdInjectionTest {
  private static final Scope WS = new Scope("t1", "w1");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final EngineOptions OPTIONS =
      EngineOptions.defaults().withTickInterval(Duration.ZERO);

  /** Counts up in 26 decimal digits (valid, ordered ULID text) and remembers what it minted. */
  private static final class CountingIds implements IdGenerator {
    private final AtomicLong n = new AtomicLong();
    final List<String> minted = new CopyOnWriteArrayList<>();

    @Override
    public String next() {
      String id = String.format("%026d", n.incrementAndGet());
      minted.add(id);
      return id;
    }
  }

  private record Outcome(
      String manifestId, TriggerResult run, LeasedTask task, List<EventEnvelope> log) {}

  private static Outcome deployTriggerAndLease(IdGenerator ids) {
    InMemoryEventStore store = new InMemoryEventStore();
    try (Engine engine = Engine.open(store, new ManualClock(T0), OPTIONS, ids)) {
      ObjectNode m =
          JSON.createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "c1");
      ObjectNode a = m.putArray("assets").addObject();
      a.putObject("key").put("namespace", "s").put("name", "a");
      a.put("id", "id-s.a");
      String manifestId = engine.deployManifest(WS, m, Optional.empty(), "tester").manifestId();
      TriggerResult run = engine.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "tester");
      LeasedTask task =
          engine.lease(WS, new LeaseRequest("w", List.of("default-queue"), 1, 0)).get(0);
      List<EventEnvelope> log =
          store.read(WS, 0, 10_000).stream().map(StoredEvent::envelope).toList();
      return new Outcome(manifestId, run, task, log);
    }
  }

  @Test
  void manifestRunPlanAndEventIdsAreMintedByTheInjectedGenerator() {
    CountingIds ids = new CountingIds();

    Outcome o = deployTriggerAndLease(ids);

    assertThat(ids.minted).startsWith(o.manifestId(), o.run().runId(), o.run().planId());
    assertThat(o.run().runId()).isEqualTo("00000000000000000000000002");
    assertThat(o.log()).isNotEmpty();
    assertThat(o.log())
        .extracting(EventEnvelope::eventId)
        .containsExactlyElementsOf(ids.minted.subList(3, ids.minted.size()));
  }

  @Test
  void dispatchAndAttemptIdsAreDerivedNotMinted() {
    CountingIds ids = new CountingIds();

    Outcome o = deployTriggerAndLease(ids);

    assertThat(ids.minted).doesNotContain(o.task().dispatchId(), o.task().attemptId());
    assertThat(o.task().dispatchId()).isEqualTo(Ids.dispatchId(o.run().runId(), "s.a", 1));
  }

  @Test
  void enginesGivenTheSameIdSourceAndClockWriteTheSameLog() {
    Outcome first = deployTriggerAndLease(new CountingIds());
    Outcome second = deployTriggerAndLease(new CountingIds());

    assertThat(second.run()).isEqualTo(first.run());
    assertThat(second.log()).isEqualTo(first.log());
  }

  @Test
  void reopenedWithTheDefaultGeneratorNewIdsSortAboveTheNewestStoredOne() {
    EventStore store =
        new ForwardingEventStore(new InMemoryEventStore()) {
          @Override
          public void close() {} // survives the first engine, like a file on disk
        };
    try (Engine engine =
        Engine.open(store, new ManualClock(Instant.parse("2030-01-01T00:00:00Z")), OPTIONS)) {
      engine.putWorkspaceSettings(
          WS, new WorkspaceSettingsRequest(Optional.of(3L), List.of()), Optional.empty());
    }
    String newest = store.newestEventId().orElseThrow();

    // The clock is now years behind the stored ids: the generator starts from the store's newest.
    try (Engine engine = Engine.open(store, new ManualClock(T0), OPTIONS)) {
      engine.putWorkspaceSettings(
          WS, new WorkspaceSettingsRequest(Optional.of(4L), List.of()), Optional.empty());
    }
    assertThat(store.newestEventId().orElseThrow()).isGreaterThan(newest);
  }
}
