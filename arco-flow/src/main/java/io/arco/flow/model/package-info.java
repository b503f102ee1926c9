/**
 * Identifiers, keys, state enumerations and the plain values shared by every layer of arco-flow and
 * by the api: the requests a caller builds (trigger, rerun, a backfill's partition selector), what a
 * worker reports (task output, error, metrics), and what the read models show (queue reasons,
 * attempt failures, sensor evaluation statuses and run requests). Depends on nothing else in Arco.
 */
package io.arco.flow.model;
