/**
 * The worker protocol over HTTP: polling (the lease), the three task callbacks and log uploads on
 * the task router, and the HS256 task tokens that authorise them.
 */
package io.arco.api.worker;
