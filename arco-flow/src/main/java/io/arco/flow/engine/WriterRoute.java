package io.arco.flow.engine;

/**
 * Where a command for a workspace must run (several serving nodes, decisions §7.11): on this node,
 * which holds the workspace's writer lease (a single node always does); on another node, to which
 * the command is forwarded; or nowhere right now.
 */
public sealed interface WriterRoute {
  /** This node writes the workspace: run the command here. */
  record Local() implements WriterRoute {}

  /** Node {@code nodeId} writes the workspace; forward the command to {@code url}. */
  record Remote(String nodeId, String url) implements WriterRoute {}

  /** No node can take the command now (the database is unreachable, or the writer never registered). */
  record Unavailable(String reason) implements WriterRoute {}
}
