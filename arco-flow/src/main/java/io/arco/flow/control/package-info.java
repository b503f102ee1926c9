/**
 * Controllers: pure functions {@code (projections, now) → events}. They never read a clock, the
 * log or any I/O; the engine runs them after every batch and on clock ticks and folds what they
 * emit in the same atomic batch.
 */
package io.arco.flow.control;
