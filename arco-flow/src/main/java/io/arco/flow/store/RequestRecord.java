package io.arco.flow.store;

/**
 * A request-idempotency record (manifest deploy, later backfill create and schedule mutations):
 * the fingerprint of the first accepted request under a key and the response it got.
 */
public record RequestRecord(String kind, String key, String fingerprint, byte[] response) {}
