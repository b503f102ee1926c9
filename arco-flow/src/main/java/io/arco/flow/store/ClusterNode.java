package io.arco.flow.store;

import java.time.Instant;

/**
 * A serving node as it registered itself in the shared database: its id, the URL other nodes
 * forward commands to, when it first registered, and when it last said it was alive (database
 * time).
 */
public record ClusterNode(String nodeId, String advertiseUrl, Instant startedAt, Instant lastSeen) {}
