package io.arco.flow.engine;

import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.Scope;
import io.arco.flow.store.RequestRecord;
import io.arco.flow.store.SideWrite;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a command sees while it runs: the live projections of its workspace, the batch's time and
 * id source, and the means to emit events (folded immediately; only applied ones are kept, flow-
 * model §0.4.1) and side writes.
 */
final class CommandContext {
  private final WorkspaceEngine ws;
  private final Batch batch;
  private final Instant now;
  private int emitted;

  CommandContext(WorkspaceEngine ws, Batch batch, Instant now) {
    this.ws = ws;
    this.batch = batch;
    this.now = now;
  }

  FoldState state() {
    return ws.state;
  }

  Scope scope() {
    return ws.scope;
  }

  Instant now() {
    return now;
  }

  /** A fresh ULID (run ids, plan ids, manifest ids). */
  String newId() {
    return ws.ids.next();
  }

  /** Folds an event with its derived key; returns whether it applied (and so will be stored). */
  boolean emit(Event event) {
    return emitEnvelope(EventEnvelope.of(ws.ids.next(), now, ws.scope, event));
  }

  /** Folds an event under an explicit idempotency key. */
  boolean emit(Event event, String idempotencyKey) {
    return emitEnvelope(EventEnvelope.of(ws.ids.next(), now, ws.scope, event, idempotencyKey));
  }

  /** Folds an event under an explicit key; answers its envelope when it applied. */
  Optional<EventEnvelope> emitAndGet(Event event, String idempotencyKey) {
    EventEnvelope envelope = EventEnvelope.of(ws.ids.next(), now, ws.scope, event, idempotencyKey);
    return emitEnvelope(envelope) ? Optional.of(envelope) : Optional.empty();
  }

  private boolean emitEnvelope(EventEnvelope envelope) {
    emitted++;
    ws.state.position(ws.head() + batch.events.size() + 1);
    boolean applied = Fold.apply(ws.state, envelope);
    if (applied) {
      batch.events.add(envelope);
    }
    return applied;
  }

  /** Queues a row written in the batch's transaction. */
  void sideWrite(SideWrite write) {
    emitted++;
    batch.sideWrites.add(write);
  }

  /** A request record, looking first at this batch's pending writes, then at the store. */
  Optional<RequestRecord> requestRecord(String kind, String key) {
    for (SideWrite w : batch.sideWrites) {
      if (w instanceof SideWrite.PutRequestRecord p
          && p.record().kind().equals(kind)
          && p.record().key().equals(key)) {
        return Optional.of(p.record());
      }
    }
    return ws.store.requestRecord(ws.scope, kind, key);
  }

  /** Whether this command has changed anything yet (a later failure would then be a bug). */
  boolean hasWritten() {
    return emitted > 0;
  }

  /** Events applied so far in the whole batch. */
  List<EventEnvelope> batchEvents() {
    return List.copyOf(batch.events);
  }
}
