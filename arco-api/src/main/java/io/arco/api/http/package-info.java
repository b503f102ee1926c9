/**
 * Cross-cutting HTTP concerns: the error envelope and the one mapper that knows status codes,
 * JSON configuration and body parsing, tenancy and request ids, cursors.
 */
package io.arco.api.http;
