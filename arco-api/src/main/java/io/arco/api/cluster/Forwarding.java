package io.arco.api.cluster;

import io.arco.api.http.ErrorMapper;
import io.arco.api.http.Http;
import io.arco.api.http.RequestContext;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.WriterRoute;
import io.arco.flow.model.Scope;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a command to the node that writes its workspace (several serving nodes, decisions §7.11).
 *
 * <p>Registered as before-handlers only in cluster mode: on a single node nothing of this runs.
 * For a request that may write (any method but GET, HEAD and OPTIONS) on {@code
 * /api/v1/workspaces/{ws}/**} (scope from the authenticated request context) or on the task router
 * (scope from the task tokens), it asks the engine where the workspace's writer is. Here: the
 * request goes on to its route. Another node: the request is sent there unchanged but for
 * hop-by-hop headers, marked {@value #FORWARDED_BY}, and the writer's answer is copied back after
 * this node has folded the log up to the store's head (the writer answered only once its commit was
 * durable, so this node's reads then show the write: read-your-writes). Nowhere, or the writer
 * cannot be reached: 503 {@code WRITER_UNAVAILABLE} with {@code Retry-After: 1}. A request already
 * forwarded once is never forwarded again (the lease moved meanwhile): 503 as well.
 */
public final class Forwarding implements AutoCloseable {
  /** Marks a forwarded request with the id of the node that forwarded it. */
  public static final String FORWARDED_BY = "X-Arco-Forwarded-By";

  /** The longest a forwarded request may take: a long poll waits up to 30 s at the writer. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(65);

  private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);
  private static final String WORKSPACES = "/api/v1/workspaces/";
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  /**
   * Headers that describe one connection, not the request (RFC 9110 §7.6.1), plus those the HTTP
   * client sets itself; {@code Accept-Encoding} is dropped so the writer answers uncompressed and
   * this node compresses as it would its own answer.
   */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host", "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade",
          "expect", "te", "trailer", "accept-encoding", "x-request-id",
          FORWARDED_BY.toLowerCase(Locale.ROOT));

  /** Headers of the writer's answer that this node's server sets itself. */
  private static final Set<String> ANSWER_ONLY = Set.of("date", "server", "vary");

  private final Engine engine;
  private final String nodeId;
  private final HttpClient client;

  public Forwarding(Engine engine, String nodeId) {
    this.engine = engine;
    this.nodeId = nodeId;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Before-handler of {@code /api/v1/workspaces/*}, after authentication: a command for the
   * caller's workspace runs where its writer is. A path naming another workspace is left to its
   * route, which answers 404.
   */
  public void workspaceCommand(Context ctx) {
    if (READS.contains(ctx.method().name())) {
      return;
    }
    RequestContext rc = Http.context(ctx);
    if (!pathWorkspace(ctx.path()).equals(rc.workspace())) {
      return;
    }
    route(ctx, Set.of(rc.scope()));
  }

  /**
   * Before-handler of {@code /api/v1/tasks/*}: a callback runs where the writer of its task
   * token's workspace is. {@code scopes} reads the workspaces of the request's valid task tokens;
   * a request without one is left to its route, which refuses it.
   */
  public void taskCallback(Context ctx, Function<Context, Set<Scope>> scopes) {
    if (READS.contains(ctx.method().name())) {
      return;
    }
    Set<Scope> named = scopes.apply(ctx);
    if (!named.isEmpty()) {
      route(ctx, named);
    }
  }

  /**
   * Forwards when every workspace of the request has its writer on one other node; runs the
   * request here when they are all written here, or are spread over several nodes (a batch
   * report: the engine then refuses the reports of workspaces this node does not write, each
   * with {@code writer_unavailable}).
   */
  private void route(Context ctx, Set<Scope> scopes) {
    Set<WriterRoute> routes =
        scopes.stream().map(engine::writerRoute).collect(Collectors.toUnmodifiableSet());
    if (routes.size() != 1) {
      return;
    }
    WriterRoute only = routes.iterator().next();
    if (only instanceof WriterRoute.Local) {
      return;
    }
    String forwardedBy = ctx.header(FORWARDED_BY);
    if (forwardedBy != null) {
      throw ErrorMapper.writerUnavailable(
          ctx,
          "this node ("
              + nodeId
              + ") does not write the workspace and the request was already forwarded by node "
              + forwardedBy
              + "; the writer is changing, retry");
    }
    switch (only) {
      case WriterRoute.Remote remote -> forward(ctx, remote, scopes);
      case WriterRoute.Unavailable u -> throw ErrorMapper.writerUnavailable(ctx, "no writer for this workspace: " + u.reason());
      case WriterRoute.Local l -> throw new IllegalStateException("unreachable");
    }
  }

  private void forward(Context ctx, WriterRoute.Remote remote, Set<Scope> scopes) {
    HttpRequest request = request(ctx, remote);
    HttpResponse<byte[]> answer;
    try {
      answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw ErrorMapper.writerUnavailable(ctx, notSent(remote, e));
    } catch (HttpTimeoutException e) {
      throw ErrorMapper.writerUnavailable(ctx, maybeApplied(remote, "did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s"));
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException c) {
        throw ErrorMapper.writerUnavailable(ctx, notSent(remote, c));
      }
      throw ErrorMapper.writerUnavailable(ctx, maybeApplied(remote, "dropped the connection (" + e.getMessage() + ")"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ErrorMapper.writerUnavailable(ctx, maybeApplied(remote, "was not waited for: this node is stopping"));
    }
    for (Scope scope : scopes) {
      try {
        engine.catchUp(scope);
      } catch (RuntimeException e) {
        // The write happened at the writer; only this node's reads may lag (at most a lease period).
        LOG.warn("{}: could not fold the log after a forwarded command: {}", scope, e.getMessage());
      }
    }
    ctx.status(answer.statusCode());
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String h = name.toLowerCase(Locale.ROOT);
              if (h.equals("content-type")) {
                ctx.contentType(values.get(0));
              } else if (!dropped(h) && !ANSWER_ONLY.contains(h) && !h.startsWith(":")) {
                values.forEach(v -> ctx.res().addHeader(name, v));
              }
            });
    ctx.result(answer.body());
    ctx.skipRemainingHandlers();
  }

  private HttpRequest request(Context ctx, WriterRoute.Remote remote) {
    String query = ctx.queryString();
    URI target = URI.create(remote.url() + ctx.req().getRequestURI() + (query == null ? "" : "?" + query));
    byte[] body = ctx.bodyAsBytes();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target)
            .timeout(REQUEST_TIMEOUT)
            .method(
                ctx.method().name(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      if (!dropped(name)) {
        for (String value : Collections.list(ctx.req().getHeaders(name))) {
          b.header(name, value);
        }
      }
    }
    b.header(FORWARDED_BY, nodeId);
    b.header("X-Request-Id", Http.requestId(ctx));
    return b.build();
  }

  private static boolean dropped(String header) {
    String h = header.toLowerCase(Locale.ROOT);
    return HOP_BY_HOP.contains(h) || h.startsWith("proxy-");
  }

  private static String notSent(WriterRoute.Remote remote, Exception e) {
    return "writer node "
        + remote.nodeId()
        + " at "
        + remote.url()
        + " cannot be reached ("
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
        + "); nothing was applied, retry";
  }

  private static String maybeApplied(WriterRoute.Remote remote, String what) {
    return "writer node "
        + remote.nodeId()
        + " at "
        + remote.url()
        + " "
        + what
        + "; the request may have been applied: retry with the same Idempotency-Key or run_key";
  }

  /** The {@code {ws}} of {@code /api/v1/workspaces/{ws}/...}, decoded; empty when there is none. */
  static String pathWorkspace(String path) {
    if (!path.startsWith(WORKSPACES)) {
      return "";
    }
    String rest = path.substring(WORKSPACES.length());
    int slash = rest.indexOf('/');
    String raw = slash < 0 ? rest : rest.substring(0, slash);
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  /**
   * Stops the HTTP client (server shutdown, after the listener stopped waiting for requests in
   * progress): forwards still running are cut off.
   */
  @Override
  public void close() {
    client.shutdownNow();
  }
}
