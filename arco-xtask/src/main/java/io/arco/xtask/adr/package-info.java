/**
 * {@code adr-check}: architecture decision records are numbered, well-formed and indexed, so a
 * decision can always be found from {@code docs/adr/README.md}.
 */
package io.arco.xtask.adr;
