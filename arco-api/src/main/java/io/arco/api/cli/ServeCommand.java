package io.arco.api.cli;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.arco.api.ArcoServer;
import io.arco.api.ServerConfig;
import io.arco.api.http.AuthConfig;
import io.arco.api.localworker.LocalWorker;
import io.arco.api.log.JsonErrorStream;
import io.arco.api.log.LogFormat;
import io.arco.api.log.ServerLog;
import io.arco.api.ops.Metrics;
import io.arco.flow.engine.ClusterOptions;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.LogIntegrityException;
import io.arco.flow.engine.ManualClock;
import io.arco.flow.engine.Storage;
import io.arco.flow.engine.SystemMillisClock;
import io.arco.flow.engine.TransitionLog;
import io.arco.flow.error.StoreException;
import io.arco.flow.model.Scope;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arco serve}: opens the store, starts the engine, the HTTP server and (unless told not to)
 * the local worker, logs one line per run and task transition, and with {@code --example} deploys
 * {@code examples/} and triggers one run. SIGTERM shuts down cleanly (final snapshot) and exits 0,
 * or 1 when a final snapshot failed. A store in use by another process, or one that fails its
 * start-up checks, is an error line and exit code 1 before anything serves.
 *
 * <p>{@code --log-format json} makes every line it prints one JSON object ({@link ServerLog},
 * {@link JsonErrorStream}); the {@code listening on http://HOST:PORT} line (decisions §5) is then
 * an object whose {@code msg} is that text and whose {@code url} is the URL. {@code --access-log}
 * adds one line per answered request. The metrics ({@link Metrics}) observe the engine, count its
 * transitions and, over PostgreSQL, the connection pool.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Arco server.")
public final class ServeCommand implements Callable<Integer> {
  private static final Duration CLIENT_TOKEN_LIFE = Duration.ofHours(1);

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @picocli.CommandLine.Mixin StoreLocation location;

  @Option(names = "--clock", defaultValue = "system", description = "system (default) or manual (test clock, enables /api/v1/debug/clock).")
  String clock;

  @Option(names = "--no-local-worker", description = "Do not run the embedded local worker.")
  boolean noLocalWorker;

  @Option(names = "--example", description = "Deploy examples/manifest.json and trigger one run.")
  boolean example;

  @Option(
      names = "--allow-remote",
      description =
          "Dev mode (tenancy headers, no user auth) only: allow a non-loopback --host or --metrics-host"
              + " and answer requests whatever their Host header. Without it dev mode answers only"
              + " requests for localhost or a loopback address (403 otherwise: DNS rebinding).")
  boolean allowRemote;

  @Option(
      names = "--metrics-port",
      description =
          "Also serve GET /metrics on this port (0 picks a free one), without authentication and for"
              + " every workspace; keep it private. In JWT mode the main port's /metrics needs a user"
              + " token and shows only its workspace.")
  Optional<Integer> metricsPort;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "Address the --metrics-port listener binds (default ${DEFAULT-VALUE}).")
  String metricsHost;

  @Option(names = "--jwt-hs256-secret", description = "Enable JWT mode for users with this HS256 secret (or ARCO_JWT_HS256_SECRET).")
  Optional<String> jwtSecret;

  @Option(names = "--jwt-rs256-public-key", description = "Enable JWT mode for users with this RS256 public key (PEM file).")
  Optional<Path> jwtPublicKey;

  @Option(names = "--task-token-secret", description = "Secret for task tokens (default: generated once and kept in the store).")
  Optional<String> taskTokenSecret;

  @Option(names = "--public-url", description = "Callback base URL handed to workers (default: the listening URL).")
  Optional<String> publicUrl;

  @Option(names = "--tenant", defaultValue = "local", description = "Tenant served by the local worker and the example (default ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--workspace", defaultValue = "default", description = "Workspace served by the local worker and the example (default ${DEFAULT-VALUE}).")
  String workspace;

  @Option(names = "--worker-concurrency", defaultValue = "4", description = "Tasks the local worker runs at once (default ${DEFAULT-VALUE}).")
  int workerConcurrency;

  @Option(names = "--snapshot-every", defaultValue = "1000", description = "Write a snapshot of the live state every N events, and at most one per 512 bytes of snapshot (default ${DEFAULT-VALUE}; 0 = only at shutdown).")
  int snapshotEvery;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      description =
          "text (default): plain lines; json: one JSON object per line (ts, level, logger, event,"
              + " msg and fields) for everything the server prints, on the same streams.")
  String logFormat;

  @Option(
      names = "--access-log",
      description = "Print one line per answered HTTP request (method, path, route, status, duration, request id).")
  boolean accessLog;

  @Option(
      names = "--node-id",
      description =
          "Serve as one of several nodes on one PostgreSQL database (needs --database-url"
              + " jdbc:postgresql:...): this node's id, unique among the nodes. Each workspace is"
              + " written by one node at a time; the others forward its commands there.")
  Optional<String> nodeId;

  @Option(
      names = "--advertise-url",
      description =
          "With --node-id: the base URL the other nodes forward commands to (default"
              + " http://HOST:PORT of this listener; required with --port 0 or a wildcard --host).")
  Optional<String> advertiseUrl;

  @Option(
      names = "--lease-seconds",
      description =
          "With --node-id: how long a workspace's writer lease lasts unless renewed (renewed every"
              + " third of it; a failed node is replaced after about this long). Default 10.")
  Optional<Integer> leaseSeconds;

  @Spec CommandSpec spec;

  /** Where errors go: the command line's error stream (standard error unless redirected). */
  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter errors = err(); // before System.err becomes JSON: picocli's writer keeps the original
    Optional<LogFormat> format = LogFormat.parse(logFormat);
    if (format.isEmpty()) {
      errors.println("error: --log-format must be text or json");
      return 2;
    }
    PrintStream stderr = System.err;
    if (format.get() == LogFormat.JSON) {
      System.setErr(JsonErrorStream.over(stderr));
    }
    try {
      return serve(
          new ServerLog(
              format.get(), new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), errors));
    } finally {
      // Reached when serving did not start (the shutdown hook ends the process otherwise).
      System.err.flush();
      System.setErr(stderr);
    }
  }

  private int serve(ServerLog log) throws Exception {
    Optional<String> secret = jwtSecret.or(() -> Optional.ofNullable(System.getenv("ARCO_JWT_HS256_SECRET")));
    if (secret.isPresent() && jwtPublicKey.isPresent()) {
      log.error(
          "arco.serve",
          "bad_option",
          "configure either --jwt-hs256-secret (or ARCO_JWT_HS256_SECRET) or --jwt-rs256-public-key, not both");
      return 2;
    }
    AuthConfig auth =
        new AuthConfig(
            secret.map(s -> s.getBytes(StandardCharsets.UTF_8)),
            jwtPublicKey.map(ServeCommand::readRsaKey));
    List<String> binds = metricsPort.isPresent() ? List.of(host, metricsHost) : List.of(host);
    for (String bind : binds) {
      if (auth.isDevMode() && !allowRemote && !InetAddress.getByName(bind).isLoopbackAddress()) {
        log.error(
            "arco.serve",
            "bad_option",
            "dev mode (no user authentication) refuses to bind the non-loopback address "
                + bind
                + "; pass --allow-remote to force it, or configure --jwt-hs256-secret");
        return 2;
      }
    }
    Optional<ClusterOptions> cluster;
    try {
      cluster = clusterOptions();
    } catch (IllegalArgumentException e) {
      log.error("arco.serve", "bad_option", e.getMessage());
      return 2;
    }
    InstantSource time;
    switch (clock) {
      case "system" -> time = new SystemMillisClock();
      case "manual" -> time = null;
      default -> {
        log.error("arco.serve", "bad_option", "--clock must be system or manual");
        return 2;
      }
    }
    Storage store;
    try {
      store = location.open(spec.commandLine());
    } catch (StoreException e) {
      // Among others: store in use by another process (pid N), decisions §3.
      log.error("arco.serve", "store_unavailable", e.getMessage());
      return 1;
    }
    if (time == null) {
      Instant start = Instant.now();
      Optional<Instant> newest = store.newestEventTime();
      if (newest.isPresent() && newest.get().isAfter(start)) {
        start = newest.get();
      }
      time = new ManualClock(start);
    }
    Metrics metrics = Metrics.create();
    store.bindPoolMetrics(metrics.registry());
    TransitionLog transitions = new TransitionLog(List.of(log::transition, metrics::countTransition));
    EngineOptions options =
        EngineOptions.defaults()
            .withSnapshotEvery(snapshotEvery)
            .withListener(transitions)
            .withObserver(metrics.engineObserver());
    if (cluster.isPresent()) {
      options = options.withCluster(cluster.get());
    }
    Engine engine;
    try {
      engine = store.openEngine(time, options);
    } catch (LogIntegrityException | StoreException e) {
      // A store that fails its start-up checks is not served (decisions §3): one line, exit 1.
      store.close();
      metrics.close();
      log.error("arco.serve", "store_check_failed", e.getMessage());
      return 1;
    }
    ServerConfig config = ServerConfig.defaults().withAuth(auth).withAllowRemote(allowRemote);
    if (metricsPort.isPresent()) {
      config = config.withMetricsListener(metricsHost, metricsPort.get());
    }
    if (publicUrl.isPresent()) {
      config = config.withPublicUrl(publicUrl.get());
    }
    if (taskTokenSecret.isPresent()) {
      config = config.withTaskTokenSecret(taskTokenSecret.get().getBytes(StandardCharsets.UTF_8));
    }
    ArcoServer server = ArcoServer.create(engine, config, metrics);
    if (accessLog) {
      server.onRequest(log::request);
    }
    server.start(host, port);
    String url = "http://" + host + ":" + server.port();
    Supplier<Map<String, String>> clientHeaders = clientHeaders(secret, engine);
    LocalWorker worker =
        noLocalWorker
            ? null
            : new LocalWorker(server.baseUrl(), new Scope(tenant, workspace), Path.of("").toAbsolutePath(), workerConcurrency, clientHeaders)
                .start();
    CountDownLatch stopped = new CountDownLatch(1);
    // The hook is in place before "listening on" is printed: a SIGTERM sent as soon as a script
    // sees that line is a clean shutdown with a final snapshot (decisions §5).
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (worker != null) {
                    // Its poll waiting at the server answers now; its tasks are given back.
                    engine.stopLongPolls();
                    worker.close();
                  }
                  server.stop();
                  engine.close();
                  List<String> failures = engine.closeFailures();
                  failures.forEach(f -> log.error("arco.serve", "final_snapshot_failed", "final snapshot failed: " + f));
                  log.info("arco.serve", "stopped", "arco stopped", Map.of());
                  System.err.flush();
                  stopped.countDown();
                  // SIGTERM is a normal stop: exit 0 after a clean shutdown (decisions §5), 1 when
                  // a final snapshot failed (decisions §7.8).
                  Runtime.getRuntime().halt(failures.isEmpty() ? 0 : 1);
                },
                "arco-shutdown"));
    server
        .metricsPort()
        .ifPresent(
            p -> {
              String metricsUrl = "http://" + metricsHost + ":" + p + "/metrics";
              log.info("arco.serve", "metrics_listening", "metrics on " + metricsUrl, Map.of("url", metricsUrl));
            });
    log.info("arco.serve", "listening", "listening on " + url, Map.of("url", url));
    if (example) {
      new ExampleRun(url, new Scope(tenant, workspace), clientHeaders, transitions, log).start();
    }
    stopped.await();
    return 0;
  }

  /**
   * This node's place among several serving nodes (decisions §7.11), from {@code --node-id},
   * {@code --advertise-url} and {@code --lease-seconds}; empty without {@code --node-id}.
   *
   * @throws IllegalArgumentException with the message for the user, for options that cannot work
   *     together: cluster options without {@code --node-id}, a store other than PostgreSQL, a lease
   *     under one second, or no URL the other nodes could reach
   */
  private Optional<ClusterOptions> clusterOptions() {
    if (nodeId.isEmpty()) {
      if (advertiseUrl.isPresent() || leaseSeconds.isPresent()) {
        throw new IllegalArgumentException("--advertise-url and --lease-seconds apply only with --node-id");
      }
      return Optional.empty();
    }
    if (location.databaseUrl.isEmpty() || !location.databaseUrl.get().startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--node-id serves one of several nodes on a shared PostgreSQL database: it needs"
              + " --database-url jdbc:postgresql://HOST:PORT/DATABASE (SQLite serves one process only)");
    }
    int lease = leaseSeconds.orElse((int) ClusterOptions.DEFAULT_LEASE.toSeconds());
    if (lease < 1) {
      throw new IllegalArgumentException("--lease-seconds must be a whole number of seconds, at least 1");
    }
    String url;
    if (advertiseUrl.isPresent()) {
      url = advertiseUrl.get();
    } else if (port == 0) {
      throw new IllegalArgumentException(
          "--node-id with --port 0 needs --advertise-url: the other nodes must know where to reach this one");
    } else if (isWildcard(host)) {
      throw new IllegalArgumentException(
          "--node-id with --host " + host + " needs --advertise-url: the other nodes cannot reach a wildcard address");
    } else {
      url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
    return Optional.of(new ClusterOptions(nodeId.get(), url, Duration.ofSeconds(lease)));
  }

  private static boolean isWildcard(String host) {
    try {
      return InetAddress.getByName(host).isAnyLocalAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /**
   * Headers a local client (worker, example) authenticates each request with in the server's auth
   * mode: tenancy headers in dev mode; in JWT mode a fresh user token per request, expiring an
   * hour later by the engine's clock (decisions §7.2: user tokens carry {@code exp}).
   */
  private Supplier<Map<String, String>> clientHeaders(Optional<String> secret, Engine engine) {
    if (secret.isPresent()) {
      Algorithm alg = Algorithm.HMAC256(secret.get().getBytes(StandardCharsets.UTF_8));
      return () ->
          Map.of(
              "Authorization",
              "Bearer "
                  + JWT.create()
                      .withClaim("tenant", tenant)
                      .withClaim("workspace", workspace)
                      .withSubject("local-worker")
                      .withExpiresAt(engine.now().plus(CLIENT_TOKEN_LIFE))
                      .sign(alg));
    }
    Map<String, String> h =
        Map.of("X-Tenant-Id", tenant, "X-Workspace-Id", workspace, "X-User-Id", "local-worker");
    return () -> h;
  }

  private static RSAPublicKey readRsaKey(Path pem) {
    try {
      String text =
          Files.readString(pem)
              .replaceAll("-----BEGIN PUBLIC KEY-----|-----END PUBLIC KEY-----|\\s", "");
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot read RS256 public key " + pem + ": " + e.getMessage(), e);
    }
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
