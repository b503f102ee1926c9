package io.arco.api;

import com.github.f4b6a3.ulid.UlidCreator;
import io.arco.api.cluster.ClusterRoutes;
import io.arco.api.cluster.Forwarding;
import io.arco.api.http.Auth;
import io.arco.api.http.ErrorMapper;
import io.arco.api.http.Http;
import io.arco.api.http.JettyErrors;
import io.arco.api.http.JsonBody;
import io.arco.api.http.LoopbackHosts;
import io.arco.api.http.RequestRecord;
import io.arco.api.manifest.ManifestRoutes;
import io.arco.api.ops.Metrics;
import io.arco.api.ops.OpsRoutes;
import io.arco.api.partitionset.PartitionSetRoutes;
import io.arco.api.partition.PartitionRoutes;
import io.arco.api.partition.ReconciliationRoutes;
import io.arco.api.run.RunRoutes;
import io.arco.api.backfill.BackfillRoutes;
import io.arco.api.schedule.ScheduleRoutes;
import io.arco.api.sensor.SensorRoutes;
import io.arco.api.settings.SettingsRoutes;
import io.arco.api.ui.UiAssets;
import io.arco.api.ui.UiRoutes;
import io.arco.api.worker.TaskRoutes;
import io.arco.api.worker.TaskTokens;
import io.arco.api.worker.WorkerRoutes;
import io.arco.flow.engine.Engine;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin app from an {@link Engine} and a {@link ServerConfig}: request ids, user
 * authentication on {@code /api/v1/workspaces/**}, the routes of every feature, the web UI's
 * static files ({@link UiRoutes}) and the error mapping (standard envelope on the user router,
 * callback envelope on {@code /api/v1/tasks/**}). Every answered request is recorded in the {@link
 * Metrics} and handed to the request listeners (the access log).
 */
public final class ArcoServer {
  private static final Logger LOG = LoggerFactory.getLogger(ArcoServer.class);
  /** How long a stop waits for requests in progress to finish. */
  static final long STOP_TIMEOUT_MS = 10_000;

  private final Engine engine;
  private final ServerConfig config;
  private final AtomicReference<String> baseUrl = new AtomicReference<>("");
  private final Metrics metrics;
  private final List<Consumer<RequestRecord>> requestListeners = new CopyOnWriteArrayList<>();
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private Javalin app;
  private Javalin metricsApp;
  private Forwarding forwarding;

  /**
   * One registered endpoint: its HTTP method and its path exactly as Javalin registered it, with
   * {@code {param}} placeholders.
   */
  public record Route(String method, String path) {}

  private ArcoServer(Engine engine, ServerConfig config, Metrics metrics) {
    this.engine = engine;
    this.config = config;
    this.metrics = metrics;
  }

  /** A server with metrics of its own (HTTP, JVM and workspace figures; none from the writers). */
  public static ArcoServer create(Engine engine, ServerConfig config) {
    return new ArcoServer(engine, config, Metrics.create());
  }

  /**
   * A server exporting {@code metrics}, which should also observe {@code engine} (see {@link
   * Metrics#observing}); the server closes them when it stops.
   */
  public static ArcoServer create(Engine engine, ServerConfig config, Metrics metrics) {
    return new ArcoServer(engine, config, metrics);
  }

  /** Hands every answered request of the API listener to {@code l} (e.g. the access log). */
  public ArcoServer onRequest(Consumer<RequestRecord> l) {
    requestListeners.add(l);
    return this;
  }

  /**
   * Starts listening; port 0 picks a free port. With a {@linkplain ServerConfig#metricsListener()
   * metrics listener} configured, it starts too.
   */
  public ArcoServer start(String host, int port) {
    Auth auth = new Auth(config.auth(), engine::now);
    TaskTokens tokens =
        new TaskTokens(
            config.taskTokenSecret().orElseGet(() -> engine.secret("task-token")),
            engine::now,
            config.taskTokenTtl());
    UiAssets ui = UiAssets.load();
    // Several serving nodes (decisions §7.11): commands go to their workspace's writer. Decided
    // once here, so a single node runs none of it.
    forwarding = engine.clusterOptions().map(o -> new Forwarding(engine, o.nodeId())).orElse(null);
    app =
        Javalin.create(
            c -> {
              c.events.handlerAdded(
                  h -> {
                    if (h.getHttpMethod().isHttpMethod()) {
                      routes.add(new Route(h.getHttpMethod().name(), h.getPath()));
                    }
                  });
              c.http.maxRequestSize = JsonBody.LARGE_LIMIT + 1024L;
              common(c);
              c.routes.before(
                  "/api/v1/workspaces/*",
                  ctx -> ctx.attribute(Http.CONTEXT, auth.authenticate(ctx, Http.requestId(ctx))));
              if (forwarding != null) {
                Forwarding f = forwarding;
                c.routes.before("/api/v1/workspaces/*", f::workspaceCommand);
                c.routes.before("/api/v1/tasks/*", ctx -> f.taskCallback(ctx, x -> TaskRoutes.scopes(x, tokens)));
              }
              var router = c.unsafe.internalRouter;
              c.requestLogger.http(
                  (ctx, millis) -> {
                    RequestRecord r = RequestRecord.of(ctx, millis, router);
                    metrics.request(r);
                    requestListeners.forEach(l -> l.accept(r));
                  });
              OpsRoutes.register(c.routes, engine, metrics, auth);
              ClusterRoutes.register(c.routes, engine, auth);
              ManifestRoutes.register(c.routes, engine);
              RunRoutes.register(c.routes, engine);
              ScheduleRoutes.register(c.routes, engine);
              SensorRoutes.register(c.routes, engine);
              BackfillRoutes.register(c.routes, engine);
              PartitionSetRoutes.register(c.routes, engine);
              SettingsRoutes.register(c.routes, engine);
              PartitionRoutes.register(c.routes, engine);
              ReconciliationRoutes.register(c.routes, engine);
              WorkerRoutes.register(c.routes, engine, tokens, baseUrl::get);
              TaskRoutes.register(c.routes, engine, tokens);
              UiRoutes.register(c.routes, ui);
            });
    app.start(host, port);
    String url = "http://" + host + ":" + app.port();
    baseUrl.set(config.publicUrl().orElse(url));
    if (config.metricsListener().isPresent()) {
      ServerConfig.Listener l = config.metricsListener().get();
      try {
        metricsApp =
            Javalin.create(
                    c -> {
                      common(c);
                      OpsRoutes.registerPrivateMetrics(c.routes, engine, metrics);
                    })
                .start(l.host(), l.port());
      } catch (RuntimeException e) {
        app.stop();
        throw e;
      }
    }
    return this;
  }

  /**
   * What both listeners share: no banner, virtual threads, graceful stop, the request id, dev
   * mode's {@code Host} check (decisions §7.3) and the error mapping.
   */
  private void common(JavalinConfig c) {
    c.startup.showJavalinBanner = false;
    c.concurrency.useVirtualThreads = true;
    c.http.prefer405over404 = true;
    c.jetty.modifyServer(
        server -> {
          server.setErrorHandler(new JettyErrors());
          // On stop, requests in progress (the long polls that stop() ends first) finish and send
          // their answers before the connections close.
          server.insertHandler(new GracefulHandler());
          server.setStopTimeout(STOP_TIMEOUT_MS);
        });
    c.routes.before(
        ctx -> {
          String rid = ctx.header("X-Request-Id");
          if (rid == null || rid.isBlank()) {
            rid = UlidCreator.getMonotonicUlid().toString();
          }
          ctx.attribute(Http.REQUEST_ID, rid);
          ctx.header("x-request-id", rid);
        });
    if (config.auth().isDevMode() && !config.allowRemote()) {
      c.routes.before(LoopbackHosts::require);
    }
    ErrorMapper.register(c.routes);
  }

  public int port() {
    return app.port();
  }

  /**
   * Every endpoint registered on the app (method and path; before/after filters excluded), in
   * registration order, as reported by Javalin's {@code handlerAdded} event. The OpenAPI test
   * compares it with {@code /api/v1/openapi.json}.
   */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** The callback base URL handed to workers. */
  public String baseUrl() {
    return baseUrl.get();
  }

  /** The port of the private metrics listener, when one is configured. */
  public OptionalInt metricsPort() {
    return metricsApp == null ? OptionalInt.empty() : OptionalInt.of(metricsApp.port());
  }

  /**
   * Stops listening (shutdown, before the engine closes). Pending long polls are answered first,
   * with their normal empty answer, and the engine takes no more long polls; requests in progress
   * get up to {@value #STOP_TIMEOUT_MS} ms to finish. Then the metrics close.
   */
  public void stop() {
    engine.stopLongPolls();
    stop(metricsApp);
    stop(app);
    if (forwarding != null) {
      forwarding.close();
    }
    metrics.close();
  }

  /** Stops one listener; one whose requests outlast the stop timeout is stopped all the same. */
  private static void stop(Javalin listener) {
    if (listener == null) {
      return;
    }
    try {
      listener.stop();
    } catch (RuntimeException e) {
      LOG.warn("requests still running after {} ms were cut off at shutdown: {}", STOP_TIMEOUT_MS, e.toString());
    }
  }
}
