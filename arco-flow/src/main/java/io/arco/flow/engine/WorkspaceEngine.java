package io.arco.flow.engine;

import io.arco.flow.control.Controller;
import io.arco.flow.control.ControllerInput;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.Event;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.StoredEvent;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one workspace. Commands queue up; the writer thread takes every queued
 * command as one batch, runs each against the live projections (folding its events at once),
 * runs the controller pass, appends all applied events and side writes in one transaction, and
 * only then completes the commands' futures (group commit; an answer implies durability).
 *
 * <p>Readers take the read lock; the writer holds the write lock from the first fold of a batch
 * until its append is durable, so no reader ever sees a state that is not durable. If the append
 * fails, or a command fails after it changed the state, the state is rebuilt from the store and
 * every command of the batch fails.
 */
final class WorkspaceEngine {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceEngine.class);
  private static final int MAX_BATCH = 256;
  private static final int MAX_CONTROLLER_ROUNDS = 16;

  final Scope scope;
  final EventStore store;
  final IdGenerator ids;
  private final InstantSource clock;
  private final List<Controller> controllers;
  private final int snapshotEvery;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Object commitSignal = new Object();
  private final Thread writer;
  private final List<TransitionListener> listeners;
  private final SnapshotWriter snapshots;
  private final StoreWrites storeWrites;

  final ManifestCatalog manifests;
  FoldState state;
  private volatile long head;
  private long sinceSnapshot;
  private long commits;
  private volatile boolean closing;
  /** Set by {@link #wakeWaiters()}; guarded by {@code commitSignal}. */
  private boolean wokenForGood;
  /** A rebuild after a failed batch could not read the store: rebuild before the next batch. */
  private boolean stale;

  private record Pending<R>(Command<R> command, CompletableFuture<R> future) {}

  WorkspaceEngine(
      Scope scope,
      EventStore store,
      IdGenerator ids,
      InstantSource clock,
      List<Controller> controllers,
      int snapshotEvery,
      List<TransitionListener> listeners,
      Executor snapshotExecutor,
      Duration snapshotRetry,
      StoreWrites storeWrites) {
    this.scope = scope;
    this.store = store;
    this.ids = ids;
    this.clock = clock;
    this.controllers = List.copyOf(controllers);
    this.snapshotEvery = snapshotEvery;
    this.listeners = List.copyOf(listeners);
    this.snapshots = new SnapshotWriter(scope, store, snapshotExecutor, snapshotRetry);
    this.storeWrites = storeWrites;
    this.manifests = new ManifestCatalog(scope, store);
    load();
    this.writer = Thread.ofPlatform().daemon().name("arco-writer-" + scope).unstarted(this::loop);
    this.writer.start();
  }

  /** Loads the latest snapshot and folds the tail of the log after it. */
  private void load() {
    byte[] secret = runIdSecret();
    FoldState s = new FoldState(secret);
    long from = 0;
    var snap = store.latestSnapshot(scope);
    long storedHead = store.head(scope);
    snap.ifPresent(sn -> LogChecks.snapshotNotAhead(scope, sn, storedHead));
    Optional<FoldSnapshot> decoded = snap.flatMap(sn -> LogChecks.decode(scope, sn));
    if (decoded.isPresent()) {
      if (decoded.get().formatVersion() == FoldSnapshot.FORMAT_VERSION) {
        s = FoldState.fromSnapshot(decoded.get(), secret);
        from = snap.get().sequence();
      } else {
        // An older format lacks projections the fold now keeps: refold the whole log.
        LOG.info("{}: ignoring a snapshot of format {}; refolding the log", scope, decoded.get().formatVersion());
      }
    }
    long last = LogReplay.replay(store, scope, s, from, storedHead).last();
    this.state = s;
    this.head = last;
    manifests.reset();
    this.sinceSnapshot = last - from;
  }

  /**
   * The workspace's secret for automation run ids, created once and kept in the store's metadata
   * (flow-model §0.4.3), so every node and every restart derive the same run ids.
   */
  private byte[] runIdSecret() {
    return runIdSecret(store, scope);
  }

  static byte[] runIdSecret(EventStore store, Scope scope) {
    return store.metadata(
        "run-id-secret:" + scope.tenant() + "/" + scope.workspace(),
        () -> {
          byte[] b = new byte[32];
          new java.security.SecureRandom().nextBytes(b);
          return b;
        });
  }

  <R> CompletableFuture<R> submit(Command<R> command) {
    CompletableFuture<R> f = new CompletableFuture<>();
    if (closing) {
      f.completeExceptionally(new EngineClosedException());
      return f;
    }
    queue.add(new Pending<>(command, f));
    return f;
  }

  <R> R read(Function<FoldState, R> reader) {
    lock.readLock().lock();
    try {
      return reader.apply(state);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of committed batches; changes after every durable commit (long-poll wake-ups). */
  long commits() {
    synchronized (commitSignal) {
      return commits;
    }
  }

  /**
   * Waits until a batch commits after {@code seen}, the timeout passes (wall time) or {@link
   * #wakeWaiters()} is called.
   */
  void awaitCommitAfter(long seen, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    synchronized (commitSignal) {
      while (commits == seen && !wokenForGood) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return;
        }
        commitSignal.wait(left);
      }
    }
  }

  /** Ends every wait of {@link #awaitCommitAfter} now and for good (shutdown). */
  void wakeWaiters() {
    synchronized (commitSignal) {
      wokenForGood = true;
      commitSignal.notifyAll();
    }
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (true) {
      try {
        Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        process(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("{}: writer loop failure", scope, e);
      }
    }
  }

  private void process(List<Pending<?>> pending) {
    Batch batch = new Batch();
    List<Runnable> completions = new ArrayList<>(pending.size());
    if (!readBack(pending)) {
      return;
    }
    RuntimeException poison = null;
    lock.writeLock().lock();
    try {
      for (Pending<?> p : pending) {
        CommandContext ctx = new CommandContext(this, batch, clock.instant());
        try {
          completions.add(complete(p, p.command().execute(ctx)));
        } catch (FlowException fe) {
          if (ctx.hasWritten()) {
            poison = new IllegalStateException("command failed after writing", fe);
            break;
          }
          completions.add(() -> p.future().completeExceptionally(fe));
        } catch (RuntimeException ex) {
          if (ctx.hasWritten()) {
            poison = ex;
            break;
          }
          LOG.error("{}: command failed", scope, ex);
          completions.add(() -> p.future().completeExceptionally(ex));
        }
      }
      if (poison == null) {
        try {
          runControllers(batch);
        } catch (RuntimeException ex) {
          poison = ex;
        }
      }
      if (poison == null && (!batch.events.isEmpty() || !batch.sideWrites.isEmpty())) {
        try {
          head = store.append(scope, batch.events, batch.sideWrites, state.drainEvicted());
          sinceSnapshot += batch.events.size();
          storeWrites.appended();
        } catch (RuntimeException ex) {
          poison = storeWrites.appendFailed(scope, ex);
        }
      }
      if (poison != null) {
        if (!StoreWrites.isUnavailable(poison)) {
          LOG.error("{}: batch of {} commands failed; rebuilding from the store", scope, pending.size(), poison);
        }
        rebuild();
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (poison != null) {
      RuntimeException failure = poison;
      pending.forEach(p -> p.future().completeExceptionally(failure));
      return;
    }
    if (!batch.events.isEmpty()) {
      synchronized (commitSignal) {
        commits++;
        commitSignal.notifyAll();
      }
      for (TransitionListener l : listeners) {
        try {
          l.committed(scope, batch.events, this::read);
        } catch (RuntimeException ex) {
          LOG.warn("{}: transition listener failed", scope, ex);
        }
      }
    }
    if (snapshots.due(snapshotDue())) {
      snapshot(false);
    }
    completions.forEach(Runnable::run);
  }

  /**
   * Rebuilds the state from the store after a failed batch. When the store cannot be read either
   * (a lost connection), the state may hold the failed batch's events: it is marked stale, and
   * rebuilt before the next batch runs.
   */
  private void rebuild() {
    try {
      load();
      stale = false;
    } catch (RuntimeException e) {
      stale = true;
      storeWrites.unavailable(scope, "cannot read the workspace back: " + e.getMessage());
    }
  }

  /** False, having failed the batch, while a stale state cannot be rebuilt. */
  private boolean readBack(List<Pending<?>> pending) {
    if (!stale) {
      return true;
    }
    lock.writeLock().lock();
    try {
      rebuild();
    } finally {
      lock.writeLock().unlock();
    }
    if (!stale) {
      return true;
    }
    FlowException failure =
        new FlowException(new FlowError.StoreUnavailable("cannot read the workspace back"));
    pending.forEach(p -> p.future().completeExceptionally(failure));
    return false;
  }

  /**
   * Whether to snapshot now: after {@code snapshotEvery} events, and never more often than one
   * byte of snapshot per {@value #SNAPSHOT_BYTES_PER_EVENT} events folded since the last. A snapshot
   * holds the live state only (decisions §3), so it does not grow with the log: a workspace whose
   * work ends snapshots at its cadence however old it is, and a restart folds a short tail; a large
   * live state (many partitions, many open runs) spaces its snapshots in proportion to their size.
   */
  private boolean snapshotDue() {
    return snapshotEvery > 0
        && sinceSnapshot >= Math.max(snapshotEvery, snapshots.lastBytes() / SNAPSHOT_BYTES_PER_EVENT);
  }

  /** Snapshot bytes written per event folded, at most (amortised). */
  static final long SNAPSHOT_BYTES_PER_EVENT = 512;

  private static <R> Runnable complete(Pending<R> p, Object result) {
    @SuppressWarnings("unchecked")
    R r = (R) result;
    return () -> p.future().complete(r);
  }

  /** Runs the controllers until none emits anything (at most 16 rounds, flow-model §0.4.5). */
  private void runControllers(Batch batch) {
    for (int round = 0; round < MAX_CONTROLLER_ROUNDS; round++) {
      CommandContext ctx = new CommandContext(this, batch, clock.instant());
      boolean any = false;
      for (Controller c : controllers) {
        for (Event e : c.evaluate(new ControllerInput(state, ctx.now(), manifests.latestDocument(), manifests::byId))) {
          any |= ctx.emit(e);
        }
      }
      if (!any) {
        return;
      }
    }
    LOG.warn("{}: controllers still emitting after {} rounds", scope, MAX_CONTROLLER_ROUNDS);
  }

  /**
   * Snapshots the current state at the current head: copies it under the read lock, then encodes
   * and saves it on the snapshot thread ({@code now}: on this thread, and reports whether the save
   * succeeded). Called by the writer, or by {@link #close()} once the writer has stopped.
   */
  boolean snapshot(boolean now) {
    FoldSnapshot copy;
    long at;
    lock.readLock().lock();
    try {
      copy = state.snapshot();
      at = head;
    } finally {
      lock.readLock().unlock();
    }
    if (at == 0) {
      return true;
    }
    sinceSnapshot = 0;
    if (now) {
      return snapshots.saveNow(copy, at);
    }
    snapshots.saveLater(copy, at);
    return true;
  }

  /** Waits for the snapshot being saved, and the one waiting behind it, if any. */
  void awaitSnapshot() {
    snapshots.awaitInFlight();
  }

  /** Empty unless the latest snapshot of this workspace failed; then what happened. */
  Optional<String> snapshotProblem() {
    return snapshots.problem();
  }

  /**
   * Stops accepting commands, drains the queue, waits for the snapshot in flight and writes a
   * final one (when anything happened since, or the latest failed). False when that failed.
   */
  boolean close() {
    closing = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    snapshots.awaitInFlight();
    if (stale) {
      return false;
    }
    if (sinceSnapshot > 0 || snapshots.problem().isPresent()) {
      return snapshot(true);
    }
    return true;
  }

  long head() {
    return head;
  }
}
