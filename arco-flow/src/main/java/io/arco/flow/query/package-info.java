/**
 * Read models built from projections: the run view with its task summaries, deterministic skip and
 * retry attribution, run listing. Pure functions of a {@code FoldState}; identical after a rebuild
 * from the log.
 */
package io.arco.flow.query;
