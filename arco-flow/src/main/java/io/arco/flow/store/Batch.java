package io.arco.flow.store;

import io.arco.flow.error.StoreException;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.Scope;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks every store runs on a batch before touching storage, so both stores refuse the same
 * batches the same way: each event belongs to the scope, and no idempotency key, event id or
 * request-record key repeats inside the batch.
 */
final class Batch {
  private Batch() {}

  /** A request record's identity within a scope. */
  record RequestKey(String kind, String key) {}

  static void check(Scope scope, List<EventEnvelope> events, List<SideWrite> sideWrites) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(sideWrites, "sideWrites");
    Set<String> keys = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (EventEnvelope e : events) {
      Objects.requireNonNull(e, "event");
      if (!e.tenantId().equals(scope.tenant()) || !e.workspaceId().equals(scope.workspace())) {
        throw new IllegalArgumentException(
            "event " + e.eventId() + " belongs to " + e.scope() + ", not to " + scope);
      }
      if (!keys.add(e.idempotencyKey())) {
        throw new DuplicateKeyException(
            "idempotency key repeated within one batch in " + scope + ": " + e.idempotencyKey());
      }
      if (!ids.add(e.eventId())) {
        throw new StoreException(
            "event id repeated within one batch in " + scope + ": " + e.eventId());
      }
    }
    Set<RequestKey> requests = new HashSet<>();
    for (SideWrite w : sideWrites) {
      Objects.requireNonNull(w, "side write");
      switch (w) {
        case SideWrite.PutManifest m -> Objects.requireNonNull(m.manifest(), "manifest");
        case SideWrite.PutRequestRecord r -> {
          RequestRecord rec = Objects.requireNonNull(r.record(), "record");
          if (!requests.add(new RequestKey(rec.kind(), rec.key()))) {
            throw new DuplicateKeyException(duplicateRequest(scope, rec));
          }
        }
      }
    }
  }

  /** History rows of one append: non-null, distinct run ids and run keys. */
  static void checkHistory(Scope scope, io.arco.flow.fold.HistoryRows history) {
    Objects.requireNonNull(history, "history");
    List<io.arco.flow.fold.FinishedRun> finished = history.runs();
    Set<String> tickIds = new HashSet<>();
    for (io.arco.flow.fold.FinishedTick t : history.ticks()) {
      if (!tickIds.add(t.tickId())) {
        throw new StoreException("tick repeated within one batch in " + scope + ": " + t.tickId());
      }
    }
    Set<String> evalIds = new HashSet<>();
    for (io.arco.flow.fold.FinishedEval e : history.evals()) {
      if (!evalIds.add(e.evalId())) {
        throw new StoreException("evaluation repeated within one batch in " + scope + ": " + e.evalId());
      }
    }
    Set<String> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (io.arco.flow.fold.FinishedRun r : finished) {
      Objects.requireNonNull(r, "finished run");
      if (!r.run().state().isTerminal()) {
        throw new IllegalArgumentException("run " + r.runId() + " is not finished in " + scope);
      }
      if (!ids.add(r.runId())) {
        throw new StoreException("finished run repeated within one batch in " + scope + ": " + r.runId());
      }
      if (r.runKey().isPresent() && !keys.add(r.runKey().get().runKey())) {
        throw new StoreException(
            "run key repeated within one batch in " + scope + ": " + r.runKey().get().runKey());
      }
    }
  }

  /**
   * Refuses a batch holding a key the store already has ({@code stored}: those of the batch's keys
   * it found), naming the first such key in the batch's order, as every store does.
   */
  static void rejectStored(Scope scope, List<EventEnvelope> events, Set<String> stored) {
    if (stored.isEmpty()) {
      return;
    }
    for (EventEnvelope e : events) {
      if (stored.contains(e.idempotencyKey())) {
        throw new DuplicateKeyException(duplicateKey(scope, e.idempotencyKey()));
      }
    }
  }

  static String duplicateKey(Scope scope, String key) {
    return "idempotency key already stored in " + scope + ": " + key;
  }

  static String duplicateRequest(Scope scope, RequestRecord r) {
    return "request record already stored in " + scope + ": " + r.kind() + "/" + r.key();
  }

  static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }
}
