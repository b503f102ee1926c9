package io.arco.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code arco serve} as a child process, started the way a user starts it: the real command line
 * ({@code io.arco.api.Main serve}), the embedded SQLite store ({@code synchronous=FULL}) in a fresh
 * data directory, dev mode on 127.0.0.1, a free port ({@code --port 0}) and no local worker (the
 * benchmark's threads are the workers). By default the child runs this JVM's {@code java} on this
 * JVM's class path (the benchmarks jar holds the server); {@code serverJar} runs {@code java -jar}
 * on a server jar instead ({@code arco-api/target/arco.jar}, what {@code ./arco} runs). Standard
 * output and error (one line per run and task transition, as in a terminal) go to {@code
 * server.log} beside the store. {@link #close()} sends SIGTERM, as Ctrl-C would, and expects the
 * clean exit 0; {@link #kill()} sends SIGKILL, as a crash would.
 *
 * <p>A caller may pick the port and add {@code serve} options ({@link #start(Path, Optional, List,
 * Duration, int, List)}): {@code --database-url} (which overrides the data directory), {@code
 * --node-id} and {@code --advertise-url} of one node of several on PostgreSQL ({@link
 * ClusterBenchmark}).
 */
final class ArcoServerProcess implements AutoCloseable {
  private static final String LISTENING = "listening on ";

  private final Process process;
  private final Path log;
  private final String baseUrl;
  private final List<String> command;

  private ArcoServerProcess(Process process, Path log, String baseUrl, List<String> command) {
    this.process = process;
    this.log = log;
    this.baseUrl = baseUrl;
    this.command = command;
  }

  /** CPU time the server process has used so far (all its threads), where the OS tells. */
  Optional<Duration> cpuTime() {
    return process.info().totalCpuDuration();
  }

  /**
   * Starts the server with its store in {@code dir/store} and waits until it prints {@code
   * listening on http://HOST:PORT}.
   *
   * @param jvmArgs extra options of the server's JVM (e.g. {@code -Xmx2g}, a profiler agent)
   */
  static ArcoServerProcess start(Path dir, Optional<Path> serverJar, List<String> jvmArgs, Duration timeout)
      throws IOException, InterruptedException {
    return start(dir, serverJar, jvmArgs, timeout, 0, List.of());
  }

  /**
   * As {@link #start(Path, Optional, List, Duration)}, on {@code port} (0: a free one) and with
   * {@code serveArgs} appended to the {@code serve} command line. {@code dir} must be fresh: its
   * {@code server.log} is where the listening line is looked for.
   */
  static ArcoServerProcess start(
      Path dir, Optional<Path> serverJar, List<String> jvmArgs, Duration timeout, int port, List<String> serveArgs)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Machine.java());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(jvmArgs);
    if (serverJar.isPresent()) {
      cmd.add("-jar");
      cmd.add(serverJar.get().toAbsolutePath().toString());
    } else {
      // The benchmarks jar keeps its own logging at WARN; the server logs as arco.jar does.
      cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
      cmd.add("-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=warn");
      cmd.add("-Dorg.slf4j.simpleLogger.log.io.javalin=warn");
      cmd.add("-cp");
      cmd.add(absoluteClassPath());
      cmd.add("io.arco.api.Main");
    }
    cmd.addAll(
        List.of(
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dir.resolve("store").toString(),
            "--no-local-worker"));
    cmd.addAll(serveArgs);
    Path log = dir.resolve("server.log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> url = listeningUrl(log);
      if (url.isPresent()) {
        return new ArcoServerProcess(p, log, url.get(), List.copyOf(cmd));
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "the server exited with code " + p.exitValue() + " before listening; its output:\n" + tail(log));
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("the server did not listen within " + timeout + "; its output:\n" + tail(log));
      }
      Thread.sleep(50);
    }
  }

  /** This JVM's class path with every entry absolute: the child runs in another directory. */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      entries.add(Path.of(e).toAbsolutePath().toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Optional<String> listeningUrl(Path log) throws IOException {
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      int at = line.indexOf(LISTENING + "http://");
      if (at >= 0) {
        return Optional.of(line.substring(at + LISTENING.length()).trim().split("\\s+")[0]);
      }
    }
    return Optional.empty();
  }

  /** {@code http://127.0.0.1:PORT}. */
  String baseUrl() {
    return baseUrl;
  }

  /**
   * The command line the server was started with, for a report: the class path cut to its first
   * entry and the temporary data directory as {@code <temp>}.
   */
  String displayCommand() {
    List<String> out = new ArrayList<>(command);
    int cp = out.indexOf("-cp");
    if (cp >= 0) {
      String path = out.get(cp + 1);
      int sep = path.indexOf(File.pathSeparatorChar);
      out.set(cp + 1, sep < 0 ? path : path.substring(0, sep) + File.pathSeparator + "…");
    }
    int dataDir = out.indexOf("--data-dir");
    if (dataDir >= 0) {
      out.set(dataDir + 1, "<temp>/store");
    }
    return String.join(" ", out);
  }

  /** Whether the process is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * SIGKILL ({@link Process#destroyForcibly()}) and wait for the process to end: no shutdown hook
   * runs, nothing is released (a writer's lease stays until it lapses). {@link #close()} is not
   * called after it.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** The last lines of the server's output, for error messages. */
  String logTail() {
    return tail(log);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /**
   * SIGTERM and wait for the exit; a server that has not exited after 60 s is killed. Throws when
   * the exit was not the clean 0.
   */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the server did not stop within 60 s of SIGTERM; killed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while stopping the server; killed", e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("the server exited with " + process.exitValue() + "; its output:\n" + tail(log));
    }
  }
}
