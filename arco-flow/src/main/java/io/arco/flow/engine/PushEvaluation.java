package io.arco.flow.engine;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A manual push evaluation (api-contract §9.3, decisions §2.9): the serialized payload, the message
 * attributes, the message id ({@code body.messageId ?? Idempotency-Key}; the engine mints {@code
 * manual_{ULID}} when both are absent) and whether it is a dry run that writes nothing.
 */
public record PushEvaluation(
    String payloadJson, Map<String, String> attributes, Optional<String> messageId, boolean dryRun) {
  public PushEvaluation {
    Objects.requireNonNull(payloadJson, "payloadJson");
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    Objects.requireNonNull(messageId, "messageId");
  }
}
