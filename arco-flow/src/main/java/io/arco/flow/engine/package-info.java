/**
 * The {@link io.arco.flow.engine.Engine}: one single-writer loop per workspace that validates
 * commands against the projections, folds their events, runs the controllers, appends the batch
 * durably (group commit) and only then answers. Time comes from one injected {@link
 * java.time.InstantSource}, minted ids from one injected {@link io.arco.flow.engine.IdGenerator}.
 *
 * <p>{@code Engine} is the façade the api calls; each of its methods hands over to the service of
 * its feature (manifests, runs, the worker protocol, logs, schedules, sensors, backfills, partition
 * sets, partitions and reconciliation, settings, operations). The services share the workspaces
 * through {@code Workspaces} (look-up, running a command on a workspace's writer, reading its
 * projections, lifecycle); a {@code WorkspaceEngine} is one workspace's writer, and what a command
 * does inside it is written against a {@code CommandContext} ({@code *Commands} classes, {@code
 * RunTriggers}, {@code Reconciliation}).
 */
package io.arco.flow.engine;
