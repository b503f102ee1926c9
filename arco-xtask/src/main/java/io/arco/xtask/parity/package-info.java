/**
 * {@code parity-matrix-check}: each Dagster-parity claim in {@code
 * docs/parity/dagster-parity-matrix.md} is backed by code, tests and a CI command that really
 * exist in this repository and really run those tests.
 */
package io.arco.xtask.parity;
