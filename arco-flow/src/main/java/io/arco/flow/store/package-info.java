/**
 * The storage SPI ({@link io.arco.flow.store.EventStore}) and its embedded implementations: the
 * append-only event log with a gap-free sequence number per workspace, snapshots of the fold, and
 * the rows kept beside the log (manifests, request-idempotency records, run logs, metadata).
 */
package io.arco.flow.store;
