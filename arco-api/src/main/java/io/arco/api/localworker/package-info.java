/**
 * The embedded local worker of decisions §2.2: polls the server over the public worker protocol
 * (no shortcut) and runs each asset's {@code execution.command} as a child process.
 */
package io.arco.api.localworker;
