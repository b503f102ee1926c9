/**
 * The server's log output: {@code arco serve --log-format text|json} (its own lines, the access
 * log, and in json mode standard error as JSON lines).
 */
package io.arco.api.log;
