package io.arco.flow.engine;

import io.arco.flow.model.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Loads the workspaces of a store at start-up, several at once.
 *
 * <p>Every workspace is loaded before the engine serves, none deferred to its first use, for two
 * reasons. Loading is what checks a workspace's log (decisions §3: start-up checks the store
 * before serving, and a bad log stops start-up), and what starts its controllers (schedules,
 * sensors, backfills, timers of open runs), while whether a workspace has any of them is only
 * known once its state is read. What keeps start-up short instead: snapshots hold live state only,
 * so an idle workspace costs one snapshot read and an empty tail, and the loads run in parallel,
 * on as many threads as there are processors (at least two, at most eight).
 */
final class WorkspaceLoading {
  private WorkspaceLoading() {}

  /**
   * Runs {@code load} for every scope and waits for all of them.
   *
   * @throws RuntimeException the first failure, in scope order, after every load has ended
   */
  static void loadAll(List<Scope> scopes, Consumer<Scope> load) {
    if (scopes.size() <= 1) {
      scopes.forEach(load);
      return;
    }
    int threads = Math.min(scopes.size(), Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 8));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, r -> Thread.ofPlatform().daemon().name("arco-load").unstarted(r));
    try {
      List<Future<?>> loads = new ArrayList<>();
      for (Scope scope : scopes) {
        loads.add(pool.submit(() -> load.accept(scope)));
      }
      RuntimeException first = null;
      for (Future<?> f : loads) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (first == null) {
            first =
                e.getCause() instanceof RuntimeException re
                    ? re
                    : new IllegalStateException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while loading workspaces", e);
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
