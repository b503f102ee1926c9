/**
 * Expected failures of flow commands, in domain words with no HTTP status codes: {@link
 * io.arco.flow.error.FlowError} variants carried by {@link io.arco.flow.error.FlowException}. The
 * api's error mapper is the only place that turns them into statuses. {@link
 * io.arco.flow.error.StoreException} is a store that cannot open, read or write.
 */
package io.arco.flow.error;
