package io.arco.flow.engine;

import io.arco.flow.control.Controller;
import io.arco.flow.control.ControllerInput;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.Event;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.TaskChange;
import io.arco.flow.fold.HistoryRows;
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
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one workspace. Commands queue up; the writer thread takes every queued
 * command as one batch, runs each against the live projections (folding its events at once),
 * runs the controller pass, appends all applied events and side writes in one transaction, and
 * only then completes the commands' futures (group commit; an answer implies durability).
 *
 * <p>A command may wait (a worker's long poll): when its answer is not yet what it waits for, it
 * parks at the writer, which runs it again inside every later batch, after that batch's commands
 * and controllers, until it answers or its deadline passes. A task that becomes ready is thus
 * leased in the very batch that made it ready, with no extra commit and no wake-up round trip.
 *
 * <p>Readers take the read lock; the writer holds the write lock from the first fold of a batch
 * until its append is durable, so no reader ever sees a state that is not durable. If the append
 * fails, or a command fails after it changed the state, the state is rebuilt from the store and
 * every command of the batch fails.
 *
 * <p>Several serving nodes (decisions §7.11): with a {@link ClusterSeat} the workspace starts as a
 * follower. It then refuses commands ({@link FlowError.WriterUnavailable}), runs no controllers and
 * folds what the writer appends ({@link #catchUp()}), writing nothing. {@link #becomeWriter} (the
 * node took the writer lease) catches up on the log under the write lock and fences the store at
 * the lease's epoch before the first command runs; {@link #demote} (the lease was lost) or an
 * append the store refuses as fenced makes it a follower again, failing what was queued and
 * answering parked polls empty.
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
  /** Groups of commands; a group always lands in one batch (one commit). */
  private final BlockingQueue<List<Pending<?>>> queue = new LinkedBlockingQueue<>();
  /** Parked waiting commands, oldest first; touched by the writer thread only. */
  private final List<Pending<?>> parked = new ArrayList<>();
  /** How many commands are parked, as the writer last saw it. */
  private volatile int parkedCount;
  /** Set for good by {@link #stopWaiting()}: nothing parks any more. */
  private volatile boolean waitingStopped;
  private final Thread writer;
  private final List<TransitionListener> listeners;
  private final SnapshotWriter snapshots;
  private final StoreWrites storeWrites;
  private final EngineObserver observer;

  final ManifestCatalog manifests;
  /** Runs that left memory lately, as written to history (reads of a run that just ended). */
  final RecentRuns recentRuns = new RecentRuns();
  FoldState state;
  private volatile long head;
  private long sinceSnapshot;
  private volatile boolean closing;
  /** A rebuild after a failed batch could not read the store: rebuild before the next batch. */
  private boolean stale;
  /** Several serving nodes only: how this workspace holds the writer lease. */
  private final Optional<ClusterSeat> seat;
  /**
   * Several serving nodes only: the epoch of the writer lease held, 0 while following. Changed by
   * compare-and-set, never under a monitor: a demotion can come from the writer thread while it
   * holds the write lock, and a takeover waits for that lock.
   */
  private final java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong();

  private record Pending<R>(Command<R> command, CompletableFuture<R> future, Optional<Wait<R>> waits) {
    Pending(Command<R> command, CompletableFuture<R> future) {
      this(command, future, Optional.empty());
    }

    /** Whether to park this answer instead of giving it (nothing written, not what it waits for). */
    boolean parks(Object answer, boolean wrote, long nowNanos, boolean stopped) {
      @SuppressWarnings("unchecked")
      R r = (R) answer;
      return !stopped && !wrote && waits.isPresent() && !waits.get().done().test(r) && waits.get().deadlineNanos() - nowNanos > 0;
    }

    void timeOut() {
      future.complete(waits.orElseThrow().onTimeout());
    }
  }

  /** What a waiting command waits for, until when (System.nanoTime), and its answer then. */
  private record Wait<R>(Predicate<R> done, long deadlineNanos, R onTimeout) {}

  /** Wall time between runs of the parked commands when nothing else happens (time-based work). */
  private static final long PARKED_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

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
      StoreWrites storeWrites,
      EngineObserver observer,
      Optional<ClusterSeat> seat) {
    this.seat = seat;
    this.scope = scope;
    this.store = store;
    this.ids = ids;
    this.clock = clock;
    this.controllers = List.copyOf(controllers);
    this.snapshotEvery = snapshotEvery;
    this.listeners = List.copyOf(listeners);
    this.snapshots = new SnapshotWriter(scope, store, snapshotExecutor, snapshotRetry, observer);
    this.storeWrites = storeWrites;
    this.observer = observer;
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
    recentRuns.clear();
    long last =
        seat.isPresent()
            ? LogReplay.follow(store, scope, s, from, recentRuns, false).last()
            : LogReplay.replay(store, scope, s, from, storedHead, recentRuns).last();
    s.settle();
    if (!listeners.isEmpty()) {
      s.trackTaskChanges();
    }
    this.state = s;
    this.head = last;
    manifests.reset();
    idsAboveLatestManifest();
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
    return submitAll(List.of(command)).get(0);
  }

  /** Submits commands that run, in order, in one batch: one commit for all of them. */
  <R> List<CompletableFuture<R>> submitAll(List<Command<R>> commands) {
    List<CompletableFuture<R>> futures = new ArrayList<>(commands.size());
    List<Pending<?>> group = new ArrayList<>(commands.size());
    for (Command<R> c : commands) {
      CompletableFuture<R> f = new CompletableFuture<>();
      futures.add(f);
      group.add(new Pending<>(c, f));
    }
    enqueue(group);
    return futures;
  }

  /**
   * Submits a command that waits: while its answer does not satisfy {@code done} (and it wrote
   * nothing), it parks and runs again in each later batch; at {@code deadlineNanos}
   * ({@link System#nanoTime()}) or at close it answers {@code onTimeout}.
   */
  <R> CompletableFuture<R> submitWaiting(Command<R> command, Predicate<R> done, long deadlineNanos, R onTimeout) {
    CompletableFuture<R> f = new CompletableFuture<>();
    enqueue(List.of(new Pending<>(command, f, Optional.of(new Wait<>(done, deadlineNanos, onTimeout)))));
    return f;
  }

  /**
   * Ends waiting for good (shutdown): every parked command answers its timeout answer now, and
   * waiting commands submitted later answer at once instead of parking.
   */
  void stopWaiting() {
    waitingStopped = true;
    queue.add(List.of());
  }

  /** How many waiting commands are parked right now. */
  int waiting() {
    return parkedCount;
  }

  /** How many commands are queued for the writer right now, not yet taken into a batch. */
  int queued() {
    int n = 0;
    for (List<Pending<?>> group : queue) {
      n += group.size();
    }
    return n;
  }

  private void enqueue(List<Pending<?>> group) {
    if (closing) {
      group.forEach(p -> p.future().completeExceptionally(new EngineClosedException()));
      return;
    }
    if (!writes()) {
      FlowException refused = notWriter("this node does not hold its writer lease");
      group.forEach(p -> p.future().completeExceptionally(refused));
      return;
    }
    queue.add(group);
  }

  // ---- several serving nodes (decisions §7.11) --------------------------------------------------

  /** Whether this node writes the workspace: always on a single node, else while it holds the lease. */
  boolean writes() {
    return seat.isEmpty() || epoch.get() != 0;
  }

  /** The epoch of the writer lease this node holds, 0 while it follows (or on a single node). */
  long epoch() {
    return epoch.get();
  }

  private FlowException notWriter(String reason) {
    return new FlowException(new FlowError.WriterUnavailable(reason));
  }

  /**
   * This node took the writer lease at {@code newEpoch}: folds what the log holds beyond this
   * node's head, keeps minted ids above it, fences the store's appends at the epoch, and only then
   * accepts commands. Under the write lock, so no reader sees a half-caught-up state.
   */
  void becomeWriter(long newEpoch) {
    ClusterSeat s = seat.orElseThrow();
    lock.writeLock().lock();
    try {
      followLocked();
      store.newestEventId().ifPresent(ids::above);
      idsAboveLatestManifest();
      s.leases().fence(scope, newEpoch);
      epoch.set(newEpoch);
    } finally {
      unlockWrite();
    }
    observer.leaseChanged(scope, "acquired", newEpoch);
    // A pass of the controllers at once: timers, ticks and chunks due while nobody wrote.
    queue.add(List.of(new Pending<>(ctx -> Boolean.TRUE, new CompletableFuture<>())));
  }

  /**
   * This node no longer writes the workspace ({@code change}: {@code lost} or {@code released}):
   * later commands are refused, and the writer answers its parked polls empty.
   */
  void demote(String change) {
    demote(change, epoch.get());
  }

  /**
   * As {@link #demote(String)}, only if this node still holds the lease at {@code expected}: a
   * renewal that failed for an epoch since replaced by a newer one changes nothing.
   */
  void demote(String change, long expected) {
    long was = expected;
    if (was == 0 || !epoch.compareAndSet(was, 0)) {
      return;
    }
    seat.orElseThrow().leases().unfence(scope, was);
    queue.add(List.of());
    observer.leaseChanged(scope, change, was);
    LOG.info("{}: this node no longer writes the workspace ({} at epoch {})", scope, change, was);
  }

  /**
   * Folds what other nodes appended since this node's head (a follower; nothing when this node is
   * the writer, whose head is the log's). Answers the head after it.
   */
  long catchUp() {
    if (writes()) {
      return head;
    }
    lock.writeLock().lock();
    try {
      if (!writes()) {
        followLocked();
      }
      return head;
    } finally {
      unlockWrite();
    }
  }

  /**
   * Keeps minted ids above the workspace's latest manifest id. A deploy may append no event (the
   * same schedules and sensors again), so its manifest id can be newer than every event id; a
   * writer that started or took over since must not mint it again, which would put another
   * document under that id.
   */
  private void idsAboveLatestManifest() {
    store.latestManifest(scope).ifPresent(m -> ids.above(m.manifestId()));
  }

  /**
   * Folds the log after {@code head} as a follower does; the caller holds the write lock. A state
   * left stale by a failed batch (it may hold that batch's events, which the log may or may not
   * have) is rebuilt from the store first, never folded onto.
   */
  private void followLocked() {
    if (stale) {
      rebuild();
      if (stale) {
        throw new io.arco.flow.error.StoreException("cannot read the workspace back");
      }
    }
    if (store.head(scope) <= head) {
      return;
    }
    LogReplay.Result r;
    try {
      r = LogReplay.follow(store, scope, state, head, recentRuns, false);
    } catch (RuntimeException e) {
      // The fold may have taken some pages before the failure while head still counts none of
      // them: folding from head again would apply them twice. Rebuild from the store next time.
      stale = true;
      throw e;
    }
    // Listeners hear of this node's own batches only; what it followed is not theirs to print.
    state.drainTaskChanges();
    if (r.folded() > 0) {
      head = r.last();
      sinceSnapshot += r.folded();
      manifests.reset();
    }
  }

  /**
   * Releases the write lock with the state settled (every counted dependency written into its
   * row): readers share the state under the read lock and must not write it.
   */
  private void unlockWrite() {
    try {
      state.settle();
    } finally {
      lock.writeLock().unlock();
    }
  }

  <R> R read(Function<FoldState, R> reader) {
    lock.readLock().lock();
    try {
      return reader.apply(state);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    long lastRun = System.nanoTime();
    while (true) {
      try {
        parkedCount = parked.size();
        List<Pending<?>> first = queue.poll(pollNanos(lastRun), TimeUnit.NANOSECONDS);
        long now = System.nanoTime();
        if (waitingStopped || !writes()) {
          parked.forEach(Pending::timeOut);
          parked.clear();
        }
        if (first == null) {
          if (closing && queue.isEmpty()) {
            parked.forEach(Pending::timeOut);
            parked.clear();
            return;
          }
          timeOutParked(now);
          if (!parked.isEmpty() && now - lastRun >= PARKED_RECHECK_NANOS) {
            process(List.of(), false);
            lastRun = now;
          }
          continue;
        }
        batch.clear();
        batch.addAll(first);
        List<Pending<?>> more;
        while (batch.size() < MAX_BATCH && (more = queue.poll()) != null) {
          batch.addAll(more);
        }
        timeOutParked(now);
        process(batch, true);
        lastRun = now;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("{}: writer loop failure", scope, e);
      }
    }
  }

  /** How long the writer waits for commands: until the next parked deadline or re-check. */
  private long pollNanos(long lastRun) {
    long wait = TimeUnit.MILLISECONDS.toNanos(200);
    if (parked.isEmpty()) {
      return wait;
    }
    long now = System.nanoTime();
    wait = Math.min(wait, lastRun + PARKED_RECHECK_NANOS - now);
    for (Pending<?> p : parked) {
      wait = Math.min(wait, p.waits().orElseThrow().deadlineNanos() - now);
    }
    return Math.max(wait, 0);
  }

  /** Answers the parked commands whose deadline has passed (they wrote nothing). */
  private void timeOutParked(long now) {
    parked.removeIf(
        p -> {
          if (p.waits().orElseThrow().deadlineNanos() - now > 0) {
            return false;
          }
          p.timeOut();
          return true;
        });
  }

  /**
   * Runs one batch: the commands in order, the controllers ({@code controllers}: false only for a
   * re-check of the parked commands), then the parked commands when anything changed, and commits.
   */
  private void process(List<Pending<?>> pending, boolean controllers) {
    if (!writes()) {
      FlowException refused = notWriter("this node lost its writer lease");
      pending.forEach(p -> p.future().completeExceptionally(refused));
      parked.forEach(Pending::timeOut);
      parked.clear();
      return;
    }
    Batch batch = new Batch();
    List<Runnable> completions = new ArrayList<>(pending.size());
    if (!readBack(pending)) {
      return;
    }
    RuntimeException poison = null;
    List<Pending<?>> parking = new ArrayList<>();
    List<Pending<?>> served = new ArrayList<>();
    Optional<Pending<?>> spoiler = Optional.empty();
    long appendNanos = -1;
    List<TaskChange> taskChanges = List.of();
    lock.writeLock().lock();
    try {
      for (Pending<?> p : pending) {
        poison = execute(p, batch, completions, parking);
        if (poison != null) {
          break;
        }
      }
      if (poison == null && controllers) {
        try {
          runControllers(batch);
        } catch (RuntimeException ex) {
          poison = ex;
        }
      }
      if (poison == null && (!controllers || !batch.events.isEmpty())) {
        List<Pending<?>> waiting = new ArrayList<>(parked);
        waiting.addAll(parking);
        parked.clear();
        parking.clear();
        for (Pending<?> p : waiting) {
          if (poison != null) {
            parked.add(p);
            continue;
          }
          int before = completions.size();
          poison = execute(p, batch, completions, parked);
          if (poison != null) {
            spoiler = Optional.of(p);
          } else if (completions.size() > before) {
            served.add(p);
          }
        }
      }
      parked.addAll(parking);
      if (poison == null && (!batch.events.isEmpty() || !batch.sideWrites.isEmpty())) {
        try {
          HistoryRows history = state.drainEvicted();
          long appendStart = System.nanoTime();
          head = store.append(scope, batch.events, batch.sideWrites, history);
          appendNanos = System.nanoTime() - appendStart;
          taskChanges = state.drainTaskChanges();
          recentRuns.add(history.runs());
          sinceSnapshot += batch.events.size();
          storeWrites.appended();
        } catch (io.arco.flow.store.FencedAppendException fenced) {
          LOG.warn("{}: append refused: {}", scope, fenced.getMessage());
          poison = notWriter(fenced.getMessage());
          demote("lost");
        } catch (RuntimeException ex) {
          poison = storeWrites.appendFailed(scope, ex);
        }
      }
      if (poison != null) {
        if (!StoreWrites.isUnavailable(poison)
            && !(poison instanceof FlowException fe && fe.error() instanceof FlowError.WriterUnavailable)) {
          LOG.error("{}: batch of {} commands failed; rebuilding from the store", scope, pending.size(), poison);
        }
        rebuild();
      }
    } finally {
      unlockWrite();
    }
    if (poison != null) {
      RuntimeException failure = poison;
      pending.stream()
          .filter(p -> !parked.contains(p))
          .forEach(p -> p.future().completeExceptionally(failure));
      served.stream().filter(p -> !pending.contains(p)).forEach(parked::add);
      spoiler.ifPresent(p -> p.future().completeExceptionally(failure));
      return;
    }
    if (!batch.events.isEmpty()) {
      for (TransitionListener l : listeners) {
        try {
          l.committed(scope, batch.events, taskChanges, this::read);
        } catch (RuntimeException ex) {
          LOG.warn("{}: transition listener failed", scope, ex);
        }
      }
    }
    if (appendNanos >= 0) {
      try {
        observer.committed(scope, pending.size(), batch.events.size(), appendNanos);
      } catch (RuntimeException ex) {
        LOG.warn("{}: engine observer failed", scope, ex);
      }
    }
    if (snapshots.due(snapshotDue())) {
      snapshot(false);
    }
    completions.forEach(Runnable::run);
  }

  /**
   * Runs one command in the batch: its answer joins {@code completions} (given after the commit),
   * or, when it waits and its answer is not the awaited one, it joins {@code parking}. Returns the
   * failure that spoils the whole batch (a command failing after it wrote), else null.
   */
  private RuntimeException execute(
      Pending<?> p, Batch batch, List<Runnable> completions, List<Pending<?>> parking) {
    CommandContext ctx = new CommandContext(this, batch, clock.instant());
    try {
      Object answer = p.command().execute(ctx);
      if (p.parks(answer, ctx.hasWritten(), System.nanoTime(), waitingStopped)) {
        parking.add(p);
      } else {
        completions.add(complete(p, answer));
      }
      return null;
    } catch (FlowException fe) {
      if (ctx.hasWritten()) {
        return new IllegalStateException("command failed after writing", fe);
      }
      completions.add(() -> p.future().completeExceptionally(fe));
      return null;
    } catch (RuntimeException ex) {
      // A store that cannot be read (a lost connection) is STORE_UNAVAILABLE, as for an append.
      RuntimeException failure = storeWrites.appendFailed(scope, ex);
      if (ctx.hasWritten()) {
        return failure;
      }
      if (failure == ex) {
        LOG.error("{}: command failed", scope, ex);
      }
      completions.add(() -> p.future().completeExceptionally(failure));
      return null;
    }
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
      unlockWrite();
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
    if (!writes()) {
      return true;
    }
    boolean saved = true;
    if (sinceSnapshot > 0 || snapshots.problem().isPresent()) {
      saved = snapshot(true);
    }
    seat.ifPresent(this::release);
    return saved;
  }

  /** Hands the writer lease back at shutdown, so another node takes over without waiting it out. */
  private void release(ClusterSeat s) {
    long was = epoch.getAndSet(0);
    s.leases().unfence(scope, was);
    try {
      s.leases().releaseLease(scope, s.nodeId(), was);
      observer.leaseChanged(scope, "released", was);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not release the writer lease ({}); it lapses on its own", scope, e.getMessage());
    }
  }

  long head() {
    return head;
  }
}
