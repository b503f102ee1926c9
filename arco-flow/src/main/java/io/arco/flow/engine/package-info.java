/**
 * The {@link io.arco.flow.engine.Engine}: one single-writer loop per workspace that validates
 * commands against the projections, folds their events, runs the controllers, appends the batch
 * durably (group commit) and only then answers. Time comes from one injected {@link
 * java.time.InstantSource}.
 */
package io.arco.flow.engine;
