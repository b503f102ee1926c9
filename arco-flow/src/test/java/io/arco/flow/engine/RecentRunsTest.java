package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.fold.FinishedRun;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.RunView;
import io.arco.flow.query.RunViews;
import io.arco.flow.store.ForwardingEventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.testing.EngineFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A run that has just finished is answered from the rows its batch wrote, not decoded again. */
class RecentRunsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  /** Counts the finished runs decoded from the store. */
  static final class Counting extends ForwardingEventStore {
    final AtomicInteger finishedRunReads = new AtomicInteger();

    Counting(InMemoryEventStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<FinishedRun> finishedRun(Scope scope, String runId) {
      finishedRunReads.incrementAndGet();
      return super.finishedRun(scope, runId);
    }
  }

  private static String runToTheEnd(EngineFixture f) {
    f.deploy(EngineFixture.manifest("s.a", "s.b<-s.a"));
    String runId =
        f.engine
            .triggerRun(
                EngineFixture.WS,
                new TriggerRequest(List.of("s.a", "s.b"), false, false, List.of(), Optional.empty(), Optional.empty(), Map.of()),
                "tester")
            .runId();
    f.succeed(f.lease(1).get(0));
    f.succeed(f.lease(1).get(0));
    return runId;
  }

  @Test
  void aRunThatJustFinishedIsReadWithoutDecodingItFromTheStoreAndReadsAsTheStoreHasIt() {
    InMemoryEventStore shared = new InMemoryEventStore();
    Counting store = new Counting(shared);
    try (EngineFixture f = new EngineFixture(store, T0)) {
      String runId = runToTheEnd(f);
      int before = store.finishedRunReads.get();

      RunView view = f.engine.getRun(EngineFixture.WS, runId);

      assertThat(view.state().name()).isEqualTo("SUCCEEDED");
      assertThat(store.finishedRunReads.get()).as("no decode of the run that just ended").isEqualTo(before);
      assertThat(view).isEqualTo(RunViews.ofFinished(shared.finishedRun(EngineFixture.WS, runId).orElseThrow()));
    }
  }

  @Test
  void theLeastRecentlyReadRunsLeaveFirstOnceTheWeightIsExceeded() {
    InMemoryEventStore store = new InMemoryEventStore();
    List<FinishedRun> runs = new java.util.ArrayList<>();
    try (EngineFixture f = new EngineFixture(store, T0)) {
      f.deploy(EngineFixture.manifest("s.a"));
      for (int i = 0; i < 4; i++) {
        String runId =
            f.engine
                .triggerRun(
                    EngineFixture.WS,
                    new TriggerRequest(List.of("s.a"), false, false, List.of(), Optional.empty(), Optional.empty(), Map.of()),
                    "tester")
                .runId();
        f.succeed(f.lease(1).get(0));
        runs.add(store.finishedRun(EngineFixture.WS, runId).orElseThrow());
      }
    }
    RecentRuns recent = new RecentRuns(3 * RecentRuns.weight(runs.get(0)));
    recent.add(runs.subList(0, 3));
    recent.get(runs.get(0).runId());

    recent.add(List.of(runs.get(3)));

    assertThat(recent.get(runs.get(3).runId())).isPresent();
    assertThat(recent.get(runs.get(0).runId())).as("read lately, kept").isPresent();
    assertThat(recent.get(runs.get(1).runId())).as("least recently used, gone").isEmpty();
    assertThat(recent.get(runs.get(2).runId())).isPresent();
  }
}
