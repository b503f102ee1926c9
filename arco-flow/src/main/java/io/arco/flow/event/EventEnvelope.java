package io.arco.flow.event;

import io.arco.flow.model.Scope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as stored (flow-model part 1 §1). {@code eventType}, {@code idempotencyKey}, {@code
 * source} and {@code correlationId} are derived from the payload by {@link #of}; a read event keeps
 * the stored strings.
 */
public record EventEnvelope(
    String eventId,
    String eventType,
    int eventVersion,
    Instant timestamp,
    String source,
    String tenantId,
    String workspaceId,
    String idempotencyKey,
    Optional<String> correlationId,
    Optional<String> causationId,
    Event data) {

  public EventEnvelope {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    correlationId = correlationId == null ? Optional.empty() : correlationId;
    causationId = causationId == null ? Optional.empty() : causationId;
    Objects.requireNonNull(data, "data");
  }

  /** An envelope with the key derived from the payload. */
  public static EventEnvelope of(String eventId, Instant timestamp, Scope scope, Event data) {
    return of(eventId, timestamp, scope, data, IdempotencyKeys.of(data));
  }

  /** An envelope with an explicit idempotency key (emitters that override the derived key). */
  public static EventEnvelope of(
      String eventId, Instant timestamp, Scope scope, Event data, String idempotencyKey) {
    return new EventEnvelope(
        eventId,
        EventTypes.typeName(data),
        1,
        timestamp,
        scope.source(),
        scope.tenant(),
        scope.workspace(),
        idempotencyKey,
        data.correlationRunId(),
        Optional.empty(),
        data);
  }

  public Scope scope() {
    return new Scope(tenantId, workspaceId);
  }
}
