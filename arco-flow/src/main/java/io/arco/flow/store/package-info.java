/**
 * The storage SPI ({@link io.arco.flow.store.EventStore}) and its implementations (in memory,
 * SQLite, PostgreSQL): the append-only event log with a gap-free sequence number per workspace,
 * snapshots of the fold, and the rows kept beside the log (manifests, request-idempotency records,
 * run logs, metadata). Events and snapshots are stored as the canonical bytes of {@link
 * io.arco.flow.store.codec}.
 */
package io.arco.flow.store;
