/**
 * The sealed event hierarchy (flow-model part 1), its envelope and the idempotency keys derived from
 * each payload. Records here carry no serialisation annotations; the store's codec maps them to the
 * snake_case wire form.
 */
package io.arco.flow.event;
