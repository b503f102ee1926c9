/**
 * Arco's repository tooling: {@link io.arco.xtask.Main} runs the evidence checks ({@code
 * parity-matrix-check}, {@code adr-check}, {@code docs-check}) and writes verification-evidence
 * notes. Depends on nothing in Arco: it reads the repository as files.
 */
package io.arco.xtask;
