/**
 * The pure fold: {@link io.arco.flow.fold.FoldState} holds every projection of one workspace and
 * {@link io.arco.flow.fold.Fold} applies one event to it. No clock, randomness, storage or I/O:
 * same events in, same projections out, byte for byte.
 */
package io.arco.flow.fold;
