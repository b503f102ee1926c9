package io.arco.flow.engine;

/**
 * One unit of work run by a workspace's single writer. It validates against the projections
 * first and throws {@link io.arco.flow.error.FlowException} before emitting anything when the
 * request is invalid; then it emits events (folded at once) and returns its answer, which the
 * caller receives only after the batch is durable.
 */
@FunctionalInterface
interface Command<R> {
  R execute(CommandContext ctx);
}
