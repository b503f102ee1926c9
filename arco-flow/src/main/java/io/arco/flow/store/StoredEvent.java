package io.arco.flow.store;

import io.arco.flow.event.EventEnvelope;

/** An event as read back from the log with its per-workspace sequence number (1-based). */
public record StoredEvent(long sequence, EventEnvelope envelope) {}
