package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.model.Scope;
import java.util.List;
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
}
