package io.arco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.model.Scope;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several {@code arco serve} nodes on one PostgreSQL database, each a child process ({@link
 * ArcoServerProcess}) started with {@code --database-url}, {@code --node-id n0..}, a port of its
 * own and {@code --advertise-url http://127.0.0.1:PORT} (what the other nodes forward commands
 * to), no local worker. A node keeps its id and port across a {@link #kill} and {@link #restart};
 * each start logs into a fresh directory under the group's. {@link #close()} stops every node that
 * still runs with SIGTERM.
 */
final class ClusterNodes implements AutoCloseable {
  /** One node: its id, port and the process of its latest start (empty after a kill). */
  private static final class Node {
    final String id;
    final int port;
    Optional<ArcoServerProcess> process = Optional.empty();
    int starts;

    Node(String id, int port) {
      this.id = id;
      this.port = port;
    }

    String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  private final ServerOptions options;
  private final Path dir;
  private final String databaseUrl;
  private final List<String> extraArgs;
  private final boolean clustered;
  private final List<Node> nodes = new ArrayList<>();
  private String firstCommand = "(not started)";

  /**
   * Starts {@code count} nodes {@code n0..} one after the other, each waited for until it listens.
   *
   * @param extraArgs more {@code serve} options of every node, e.g. {@code --lease-seconds 2}
   */
  ClusterNodes(ServerOptions options, Path dir, String databaseUrl, int count, List<String> extraArgs)
      throws IOException, InterruptedException {
    this(options, dir, databaseUrl, count, extraArgs, true);
  }

  /**
   * One node on the database in single mode (no {@code --node-id}: no lease, no forwarding, no
   * notifications), the reference the cluster's figures are read against.
   */
  static ClusterNodes singleMode(ServerOptions options, Path dir, String databaseUrl)
      throws IOException, InterruptedException {
    return new ClusterNodes(options, dir, databaseUrl, 1, List.of(), false);
  }

  private ClusterNodes(
      ServerOptions options, Path dir, String databaseUrl, int count, List<String> extraArgs, boolean clustered)
      throws IOException, InterruptedException {
    this.clustered = clustered;
    this.options = options;
    this.dir = dir;
    this.databaseUrl = databaseUrl;
    this.extraArgs = List.copyOf(extraArgs);
    try {
      for (int i = 0; i < count; i++) {
        Node n = new Node("n" + i, freePort());
        nodes.add(n);
        start(n);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void start(Node n) throws IOException, InterruptedException {
    n.starts++;
    Path nodeDir = dir.resolve(n.id + "-start" + n.starts);
    Files.createDirectories(nodeDir);
    List<String> args = new ArrayList<>(List.of("--database-url", databaseUrl));
    if (clustered) {
      args.addAll(List.of("--node-id", n.id, "--advertise-url", n.url()));
    }
    args.addAll(extraArgs);
    ArcoServerProcess p = options.start(nodeDir, n.port, args);
    n.process = Optional.of(p);
    if (n == nodes.get(0) && n.starts == 1) {
      firstCommand = p.displayCommand().replace(databaseUrl, "jdbc:postgresql://localhost:PORT/DB?user=postgres");
    }
  }

  /** A port nobody listens on now (the node binds it a moment later). */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The base URLs of the nodes, {@code n0} first. */
  List<String> urls() {
    return nodes.stream().map(Node::url).toList();
  }

  /** The ids of the nodes, {@code n0} first. */
  List<String> ids() {
    return nodes.stream().map(n -> n.id).toList();
  }

  /** The base URL of node {@code id}. */
  String url(String id) {
    return node(id).url();
  }

  /** The ids of the nodes that run now. */
  List<String> running() {
    return nodes.stream().filter(n -> n.process.map(ArcoServerProcess::isAlive).orElse(false)).map(n -> n.id).toList();
  }

  /** SIGKILL to node {@code id}, waited for: it releases nothing. */
  void kill(String id) throws InterruptedException {
    Node n = node(id);
    ArcoServerProcess p = n.process.orElseThrow(() -> new IllegalStateException(id + " does not run"));
    p.kill();
    n.process = Optional.empty();
  }

  /** Starts node {@code id} again (same id and port), after a {@link #kill}. */
  void restart(String id) throws IOException, InterruptedException {
    Node n = node(id);
    if (n.process.isPresent()) {
      throw new IllegalStateException(id + " still runs");
    }
    start(n);
  }

  /** The command line of node {@code n0}'s first start, for a report, the database URL elided. */
  String displayCommand() {
    return firstCommand;
  }

  /** The last lines of every running node's output, for error messages. */
  String logTails() {
    StringBuilder b = new StringBuilder();
    for (Node n : nodes) {
      n.process.ifPresent(p -> b.append("--- ").append(n.id).append(" ---\n").append(p.logTail()).append('\n'));
    }
    return b.toString();
  }

  private Node node(String id) {
    return nodes.stream()
        .filter(n -> n.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id));
  }

  /**
   * The node that holds {@code ws}'s writer lease in a {@code GET /api/v1/cluster} answer, when the
   * lease has not lapsed.
   */
  static Optional<String> writer(JsonNode cluster, Scope ws) {
    for (JsonNode l : cluster.path("leases")) {
      if (l.path("tenantId").asText().equals(ws.tenant())
          && l.path("workspaceId").asText().equals(ws.workspace())
          && !l.path("lapsed").asBoolean(false)
          && l.hasNonNull("holder")) {
        return Optional.of(l.path("holder").asText());
      }
    }
    return Optional.empty();
  }

  /** The ids of the nodes an answer of {@code GET /api/v1/cluster} shows alive. */
  static List<String> alive(JsonNode cluster) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : cluster.path("nodes")) {
      if (n.path("alive").asBoolean(false)) {
        out.add(n.path("nodeId").asText());
      }
    }
    return out;
  }

  /** Stops every running node with SIGTERM; the first failure to stop cleanly is thrown after all. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (Node n : nodes) {
      if (n.process.isPresent()) {
        try {
          n.process.get().close();
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
        n.process = Optional.empty();
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
