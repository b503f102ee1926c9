package io.arco.flow.engine;

import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.StoredSnapshot;
import io.arco.flow.store.codec.SnapshotCodec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes and saves one workspace's snapshots on the engine's snapshot thread, so the writer only
 * copies the state (decisions §3: snapshots never stall the writer), one at a time per workspace.
 * A snapshot due while another is being saved waits for it; if a newer one is due meanwhile, it
 * replaces the waiting one, so at most two copies are held and the latest is always saved.
 *
 * <p>A failed save is retried with exponential backoff in wall time (the monotonic clock, not the
 * engine's, which may be the manual test clock): the first retry {@code firstRetry} after the
 * failure, then twice as long each time, at most five minutes, instead of after every batch.
 * Until a save succeeds {@link #problem()} says so, which {@code /ready} reports.
 */
final class SnapshotWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final Scope scope;
  private final EventStore store;
  private final Executor executor;
  private final Duration firstRetry;
  private final EngineObserver observer;

  private record Copy(FoldSnapshot snapshot, long at) {}

  // Guarded by this.
  private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
  private boolean saving;
  private Optional<Copy> waiting = Optional.empty();
  private int failures;
  private long retryAtNanos;

  private volatile Optional<String> problem = Optional.empty();

  /** Size in bytes of the latest snapshot encoded (0 before the first). */
  private volatile long lastBytes;

  SnapshotWriter(
      Scope scope, EventStore store, Executor executor, Duration firstRetry, EngineObserver observer) {
    this.scope = scope;
    this.store = store;
    this.executor = executor;
    this.firstRetry = firstRetry;
    this.observer = observer;
  }

  /**
   * Whether a snapshot should be taken now: when the cadence says so, or after a failure once the
   * backoff has passed and nothing is being saved.
   */
  synchronized boolean due(boolean cadenceReached) {
    if (failures > 0) {
      return !saving && System.nanoTime() - retryAtNanos >= 0;
    }
    return cadenceReached;
  }

  /**
   * Saves {@code snapshot}, taken at sequence {@code at}, on the snapshot thread, after the one
   * being saved (replacing one already waiting).
   */
  synchronized void saveLater(FoldSnapshot snapshot, long at) {
    Copy copy = new Copy(snapshot, at);
    if (failures > 0 && System.nanoTime() - retryAtNanos < 0) {
      return; // a save failed since the snapshot was found due: its backoff decides
    }
    if (saving) {
      waiting = Optional.of(copy);
      return;
    }
    saving = true;
    inFlight = CompletableFuture.runAsync(() -> saveInTurn(copy), executor);
  }

  /** Saves {@code first}, then whatever came to wait meanwhile, unless a save fails. */
  private void saveInTurn(Copy first) {
    Copy next = first;
    while (true) {
      boolean saved = save(next.snapshot(), next.at());
      synchronized (this) {
        if (!saved || waiting.isEmpty()) {
          // After a failure the backoff decides when to try again, with a fresh copy.
          waiting = Optional.empty();
          saving = false;
          return;
        }
        next = waiting.get();
        waiting = Optional.empty();
      }
    }
  }

  /** Saves now on the calling thread; false when the save failed (logged and reported). */
  boolean saveNow(FoldSnapshot snapshot, long at) {
    return save(snapshot, at);
  }

  /** Waits for the save in flight and the one waiting behind it, if any. */
  void awaitInFlight() {
    CompletableFuture<Void> f;
    synchronized (this) {
      f = inFlight;
    }
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // save() records its own failures; anything else was logged by the executor.
    }
  }

  /** Empty unless the latest save failed; then what happened. */
  Optional<String> problem() {
    return problem;
  }

  /** Size in bytes of the latest snapshot encoded, 0 before the first. */
  long lastBytes() {
    return lastBytes;
  }

  private boolean save(FoldSnapshot snapshot, long at) {
    long start = System.nanoTime();
    long size = 0;
    try {
      byte[] bytes = SnapshotCodec.encode(snapshot);
      size = bytes.length;
      lastBytes = bytes.length;
      store.saveSnapshot(scope, new StoredSnapshot(at, bytes));
    } catch (RuntimeException e) {
      observe(false, System.nanoTime() - start, size);
      failed(at, e);
      return false;
    }
    observe(true, System.nanoTime() - start, size);
    synchronized (this) {
      failures = 0;
    }
    problem = Optional.empty();
    return true;
  }

  private void observe(boolean saved, long nanos, long bytes) {
    try {
      observer.snapshotted(scope, saved, nanos, bytes);
    } catch (RuntimeException ex) {
      LOG.warn("{}: engine observer failed", scope, ex);
    }
  }

  private void failed(long at, RuntimeException e) {
    Duration delay;
    synchronized (this) {
      failures++;
      delay = retryDelay(firstRetry, failures);
      retryAtNanos = System.nanoTime() + delay.toNanos();
    }
    String reason = String.valueOf(e.getMessage());
    problem = Optional.of("the latest snapshot of workspace " + scope + " failed: " + reason);
    LOG.warn("{}: snapshot at sequence {} failed: {}; next attempt in {}s", scope, at, reason, delay.toSeconds());
  }

  /** The wait after the {@code failures}-th failure in a row: {@code first}, doubling, capped. */
  static Duration retryDelay(Duration first, int failures) {
    Duration max = first.compareTo(MAX_RETRY) > 0 ? first : MAX_RETRY;
    Duration d = first;
    for (int i = 1; i < failures && !d.isZero() && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
