package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.testing.EngineFixture;
import io.arco.flow.testing.FlakyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The engine tells its {@link EngineObserver} about every durable batch and every snapshot, and
 * {@link Engine#stats()} shows the commands queued for a writer (the figures behind the metrics).
 */
class EngineObserverTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Scope WS = EngineFixture.WS;

  record Commit(Scope scope, int commands, int events, long appendNanos) {}

  record Snapshot(Scope scope, boolean saved, long nanos, long bytes) {}

  static final class Recorder implements EngineObserver {
    final List<Commit> commits = new CopyOnWriteArrayList<>();
    final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();

    @Override
    public void committed(Scope scope, int commands, int events, long appendNanos) {
      commits.add(new Commit(scope, commands, events, appendNanos));
    }

    @Override
    public void snapshotted(Scope scope, boolean saved, long nanos, long bytes) {
      snapshots.add(new Snapshot(scope, saved, nanos, bytes));
    }
  }

  private static EngineOptions options(Recorder r) {
    return EngineOptions.defaults().withTickInterval(Duration.ZERO).withObserver(r);
  }

  @Test
  void everyDurableBatchIsObservedWithItsCommandsEventsAndAppendTime() {
    Recorder r = new Recorder();
    try (Engine engine = Engine.open(new InMemoryEventStore(), new ManualClock(START), options(r).withSnapshotEvery(0))) {
      engine.deployManifest(WS, EngineFixture.manifest("s.a"), Optional.empty(), "t");
      engine.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "t");

      assertThat(r.commits).hasSize(2);
      assertThat(r.commits).allSatisfy(c -> {
        assertThat(c.scope()).isEqualTo(WS);
        assertThat(c.commands()).isEqualTo(1);
        assertThat(c.appendNanos()).isNotNegative();
      });
      // The deploy stores the manifest beside the log; the trigger appends events.
      assertThat(r.commits).extracting(Commit::events).first().isEqualTo(0);
      assertThat(r.commits.get(1).events()).isPositive();
      // A read that writes nothing commits nothing.
      engine.lease(WS, new LeaseRequest("w", List.of("nope"), 1, 0));
      assertThat(r.commits).hasSize(2);
    }
  }

  @Test
  void snapshotsAreObservedSavedOrFailedWithTheirSize() {
    Recorder r = new Recorder();
    FlakyStore store = new FlakyStore();
    Engine engine = Engine.open(store, new ManualClock(START), options(r).withSnapshotEvery(1));
    engine.deployManifest(WS, EngineFixture.manifest("s.a"), Optional.empty(), "t");
    engine.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "t");
    engine.awaitSnapshots();
    assertThat(r.snapshots).isNotEmpty().allSatisfy(s -> {
      assertThat(s.scope()).isEqualTo(WS);
      assertThat(s.saved()).isTrue();
      assertThat(s.bytes()).isPositive();
      assertThat(s.nanos()).isNotNegative();
    });

    store.snapshotFailure = Optional.of("disk full");
    engine.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "t");
    engine.close(); // the final snapshot fails

    assertThat(r.snapshots.getLast().saved()).isFalse();
  }

  @Test
  void statsShowTheCommandsQueuedBehindABusyWriterWhichTakesThemAsOneBatch() throws Exception {
    Recorder r = new Recorder();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    // A listener runs on the writer thread after the commit: holding it keeps the writer busy.
    TransitionListener hold =
        (scope, events, changes, reader) -> {
          if (first.compareAndSet(true, false)) {
            holding.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (Engine engine =
        Engine.open(new InMemoryEventStore(), new ManualClock(START), options(r).withListener(hold))) {
      engine.deployManifest(WS, EngineFixture.manifest("s.a"), Optional.empty(), "t");
      Thread held =
          Thread.ofVirtual().start(() -> engine.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "t"));
      assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
      List<Thread> triggers = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        triggers.add(
            Thread.ofVirtual().start(() -> engine.triggerRun(WS, TriggerRequest.of(List.of("s.a")), "t")));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (engine.stats().get(0).queuedCommands() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(engine.stats().get(0).queuedCommands()).isEqualTo(3);

      release.countDown();
      held.join();
      for (Thread t : triggers) {
        t.join();
      }

      assertThat(engine.stats().get(0).queuedCommands()).isZero();
      assertThat(r.commits).extracting(Commit::commands).containsExactly(1, 1, 3);
    }
  }
}
