/**
 * {@code docs-check}: the docs tree stays navigable and honest — every page reachable from {@code
 * docs/SUMMARY.md}, every relative link resolving, every repo path named in runbooks and parity
 * docs present.
 */
package io.arco.xtask.docs;
