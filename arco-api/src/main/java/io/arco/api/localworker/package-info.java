/**
 * The worker of decisions §2.2, embedded in {@code arco serve} and run on its own by {@code arco
 * worker}: polls the server over the public worker protocol (no shortcut), runs each asset's {@code
 * execution.command} as a child process, streams its output live and reports the outcome.
 */
package io.arco.api.localworker;
