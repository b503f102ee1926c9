package io.arco.api.cli;

import io.arco.api.cli.client.ClientException;
import io.arco.api.cli.client.Connection;
import io.arco.api.localworker.LocalWorker;
import io.arco.api.localworker.WorkerSettings;
import io.arco.flow.model.Scope;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arco worker}: a standalone worker process, the same worker as the one {@code arco serve}
 * embeds ({@link LocalWorker}), polling a server over HTTP. It polls the chosen queues, runs up to
 * {@code --concurrency} tasks at once, streams their output live and uploads it, and heartbeats.
 *
 * <p>Authentication comes from the {@link Connection} options: with a token (flag, {@code
 * ARCO_TOKEN} or config file) the polls carry {@code Authorization: Bearer} with it (JWT mode,
 * HS256 or RS256 alike: the worker only presents the token); without one the dev-mode tenancy
 * headers. Task callbacks carry the task token instead, one {@code Authorization} header per
 * request.
 *
 * <p>SIGTERM (or {@link #stop}) stops polling, lets the running tasks finish for {@code
 * --grace-seconds}, then stops the commands still running and gives their tasks back as FAILED,
 * retryable, category {@code INFRASTRUCTURE}; the process then exits 0.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run a standalone worker: poll a server's queues and run each leased asset's execution.command.")
public final class WorkerCommand implements Callable<Integer> {
  @Mixin Connection connection;

  @Option(
      names = "--queues",
      split = ",",
      defaultValue = "default-queue,sensors",
      description = "Queues to poll, comma-separated (default ${DEFAULT-VALUE}; 'sensors' runs poll-sensor evaluations).")
  List<String> queues;

  @Option(names = "--concurrency", defaultValue = "4", description = "Tasks run at once, 1..100 (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--grace-seconds",
      defaultValue = "30",
      description = "On SIGTERM, how long running tasks may finish before they are stopped and given back (default ${DEFAULT-VALUE}).")
  long graceSeconds;

  @Option(
      names = "--poll-wait-seconds",
      defaultValue = "5",
      description = "How long each poll waits at the server for work, 0..30 (default ${DEFAULT-VALUE}); a stop waits for the poll in flight.")
  int pollWaitSeconds;

  @Option(names = "--worker-id", description = "Id reported to the server (default worker-HOST-PID).")
  Optional<String> workerId;

  @Option(names = "--work-dir", description = "Directory the commands run in (default: the current directory).")
  Optional<Path> workDir;

  @Option(
      names = "--env",
      paramLabel = "NAME=VALUE",
      description = "Add a variable to every command's environment (repeatable).")
  Map<String, String> environment = new LinkedHashMap<>();

  @Spec CommandSpec spec;

  private final Consumer<Thread> shutdownHooks;
  private final boolean haltAfterHook;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile LocalWorker worker;

  /** The command line's worker: SIGTERM runs {@link #stop} and then exits 0. */
  public WorkerCommand() {
    this(Runtime.getRuntime()::addShutdownHook, true);
  }

  /**
   * A worker whose stop hook goes to {@code shutdownHooks} (tests pass one that keeps it, and call
   * {@link #stop} themselves, as SIGTERM would).
   */
  public WorkerCommand(Consumer<Thread> shutdownHooks) {
    this(shutdownHooks, false);
  }

  private WorkerCommand(Consumer<Thread> shutdownHooks, boolean haltAfterHook) {
    this.shutdownHooks = shutdownHooks;
    this.haltAfterHook = haltAfterHook;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Override
  public Integer call() throws Exception {
    try {
      return configureAndRun();
    } finally {
      started.countDown();
    }
  }

  private int configureAndRun() throws InterruptedException {
    List<String> names = queues.stream().map(String::trim).filter(q -> !q.isEmpty()).distinct().toList();
    if (names.isEmpty()) {
      return usage("--queues needs at least one queue name");
    }
    if (concurrency < 1 || concurrency > 100) {
      return usage("--concurrency must be between 1 and 100");
    }
    if (graceSeconds < 0) {
      return usage("--grace-seconds cannot be negative");
    }
    if (pollWaitSeconds < 0 || pollWaitSeconds > 30) {
      return usage("--poll-wait-seconds must be between 0 and 30");
    }
    Connection.Resolved conn;
    try {
      conn = connection.resolve();
    } catch (ClientException e) {
      err().println("error: " + e.getMessage());
      err().flush();
      return e.exitCode();
    }
    String id = workerId.orElseGet(WorkerCommand::defaultId);
    WorkerSettings settings =
        new WorkerSettings(
            id,
            names,
            concurrency,
            Duration.ofSeconds(graceSeconds),
            workDir.orElse(Path.of("")).toAbsolutePath(),
            environment,
            Duration.ofSeconds(pollWaitSeconds),
            this::event);
    return run(conn, settings);
  }

  /** Starts the worker and blocks until {@link #stop} has finished. */
  private int run(Connection.Resolved conn, WorkerSettings settings) throws InterruptedException {
    worker =
        new LocalWorker(conn.url(), new Scope(conn.tenant(), conn.workspace()), settings, conn::headers);
    shutdownHooks.accept(
        new Thread(
            () -> {
              stop();
              if (haltAfterHook) {
                // SIGTERM is a normal stop for a worker as for the server (decisions §5): exit 0.
                Runtime.getRuntime().halt(0);
              }
            },
            "arco-worker-shutdown"));
    worker.start();
    event(
        "worker "
            + settings.workerId()
            + " polling "
            + String.join(",", settings.queues())
            + " of workspace "
            + conn.workspace()
            + " at "
            + conn.url()
            + " ("
            + settings.concurrency()
            + " at a time, "
            + (conn.token().isPresent() ? "bearer token" : "dev-mode tenant " + conn.tenant())
            + ")");
    started.countDown();
    stopped.await();
    return 0;
  }

  /**
   * What SIGTERM does: stops polling, lets running tasks finish within the grace period, gives
   * back the rest, and lets {@link #call} return. Safe to call more than once and before the
   * worker started (it then only waits for the start).
   *
   * @return how many tasks were given back
   */
  public int stop() {
    try {
      started.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    if (worker == null) {
      return 0; // it never started (bad options)
    }
    event("stopping: no new tasks; waiting up to " + graceSeconds + "s for " + worker.running() + " running");
    int gaveBack = worker.shutdown();
    event("worker stopped" + (gaveBack > 0 ? "; gave back " + gaveBack + " task(s)" : ""));
    stopped.countDown();
    return gaveBack;
  }

  /** Blocks until the worker polls (tests start {@link #call} on a thread of their own). */
  public void awaitStarted() throws InterruptedException {
    started.await();
  }

  private synchronized void event(String line) {
    out().println("arco worker: " + line);
    out().flush();
  }

  private int usage(String message) {
    err().println("error: " + message);
    err().flush();
    return 2;
  }

  private static String defaultId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return "worker-" + host + "-" + ProcessHandle.current().pid();
  }
}
