package io.arco.flow.store;

import java.time.Instant;

/** A deployed manifest as stored: its id, deploy time and the JSON document (opaque to the store). */
public record ManifestRecord(String manifestId, Instant deployedAt, byte[] document) {}
