package io.arco.flow.testing;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.HistoryRows;
import io.arco.flow.model.Scope;
import io.arco.flow.store.ForwardingEventStore;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.SideWrite;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory store that counts the batches appended to it (events and side writes such as
 * manifests and idempotency records alike), so a test can show a refused request wrote nothing.
 */
public final class CountingStore extends ForwardingEventStore {
  private final AtomicLong appends = new AtomicLong();

  public CountingStore() {
    super(new InMemoryEventStore());
  }

  @Override
  public long append(
      Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites, HistoryRows history) {
    long head = super.append(scope, events, sideWrites, history);
    appends.incrementAndGet();
    return head;
  }

  /** How many batches were appended so far. */
  public long appends() {
    return appends.get();
  }
}
