package io.arco.flow.testing;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import io.arco.flow.store.ForwardingEventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.SideWrite;
import io.arco.flow.error.StoreException;
import io.arco.flow.store.StoredSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store whose appends, snapshot saves and run-key lookups fail with a given reason while one is set,
 * counting the snapshot saves attempted. Closing an engine over it leaves it open, to be looked at.
 */
public final class FlakyStore extends ForwardingEventStore {
  public volatile Optional<String> appendFailure = Optional.empty();
  public volatile Optional<String> snapshotFailure = Optional.empty();
  /** While set, looking up a finished run's run key, or a page of finished runs, fails. */
  public volatile Optional<String> readFailure = Optional.empty();
  public final AtomicInteger snapshotAttempts = new AtomicInteger();

  public FlakyStore() {
    super(new InMemoryEventStore());
  }

  @Override
  public long append(
      Scope scope,
      List<EventEnvelope> events,
      List<SideWrite> sideWrites,
      io.arco.flow.fold.HistoryRows history) {
    if (appendFailure.isPresent()) {
      throw new StoreException(appendFailure.get());
    }
    return super.append(scope, events, sideWrites, history);
  }

  @Override
  public Optional<io.arco.flow.fold.RunKeyRow> finishedRunKey(Scope scope, String runKey, long before) {
    if (readFailure.isPresent()) {
      throw new StoreException(readFailure.get());
    }
    return super.finishedRunKey(scope, runKey, before);
  }

  @Override
  public List<io.arco.flow.fold.RunHistoryRow> finishedRuns(Scope scope, io.arco.flow.fold.RunHistoryQuery query) {
    if (readFailure.isPresent()) {
      throw new StoreException(readFailure.get());
    }
    return super.finishedRuns(scope, query);
  }

  @Override
  public void saveSnapshot(Scope scope, StoredSnapshot snapshot) {
    snapshotAttempts.incrementAndGet();
    if (snapshotFailure.isPresent()) {
      throw new StoreException(snapshotFailure.get());
    }
    super.saveSnapshot(scope, snapshot);
  }

  @Override
  public void close() {}
}
