package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.UnknownEvent;
import io.arco.flow.model.Scope;
import io.arco.flow.store.ForwardingEventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.StoredSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Start-up loads the store's workspaces several at once, and fails as its first failed load. */
class WorkspaceLoadingTest {
  private static final List<Scope> SCOPES =
      List.of(new Scope("t1", "a"), new Scope("t1", "b"), new Scope("t2", "a"), new Scope("t2", "b"));

  @Test
  void workspacesLoadInParallel() {
    // Each load waits for a second one to be in progress: loading one at a time would never pass.
    CyclicBarrier two = new CyclicBarrier(2);
    Set<Scope> loaded = ConcurrentHashMap.newKeySet();

    WorkspaceLoading.loadAll(
        SCOPES,
        scope -> {
          try {
            two.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("no other workspace was loading", e);
          }
          loaded.add(scope);
        });

    assertThat(loaded).containsExactlyInAnyOrderElementsOf(SCOPES);
  }

  @Test
  void aFailedLoadFailsTheStartAfterTheOthersEnded() {
    Set<Scope> loaded = ConcurrentHashMap.newKeySet();
    IllegalStateException bad = new IllegalStateException("bad log");

    assertThatThrownBy(
            () ->
                WorkspaceLoading.loadAll(
                    SCOPES,
                    scope -> {
                      if (scope.workspace().equals("b")) {
                        throw bad;
                      }
                      loaded.add(scope);
                    }))
        .isSameAs(bad);
    assertThat(loaded).containsExactlyInAnyOrder(SCOPES.get(0), SCOPES.get(2));
  }

  @Test
  void theEngineLoadsTheStoresWorkspacesInParallelAtStart() {
    InMemoryEventStore memory = new InMemoryEventStore();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    int n = 0;
    for (Scope scope : SCOPES) {
      n++;
      memory.append(
          scope,
          List.of(
              EventEnvelope.of(
                  String.format("01KA%022d", n), t0, scope, new UnknownEvent("Later", "{}"), "later:" + n)),
          List.of());
    }
    // Reading a workspace's snapshot waits for a second workspace to read its own.
    CyclicBarrier two = new CyclicBarrier(2);
    ForwardingEventStore store =
        new ForwardingEventStore(memory) {
          @Override
          public Optional<StoredSnapshot> latestSnapshot(Scope scope) {
            try {
              two.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
              throw new IllegalStateException("no other workspace was loading", e);
            }
            return super.latestSnapshot(scope);
          }
        };

    try (Engine engine =
        Engine.open(store, new ManualClock(t0), EngineOptions.defaults().withTickInterval(Duration.ZERO))) {
      assertThat(engine.stats()).extracting(WorkspaceStats::scope).containsExactlyElementsOf(SCOPES);
    }
  }
}
