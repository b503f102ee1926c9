package io.arco.flow.store;

/** Runs the store contract against {@link InMemoryEventStore}. */
class InMemoryEventStoreTest extends EventStoreContract {

  @Override
  protected EventStore newStore() {
    return new InMemoryEventStore();
  }

  @Override
  protected EventStore reopen(EventStore current) {
    return current;
  }
}
