package io.arco.api.cli;

import io.arco.api.Main;
import io.arco.api.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Runs {@code arco} client commands in-process ({@code new CommandLine(new Main())}) against a
 * {@link TestServer}, with their standard output and error captured. Connection flags for the test
 * server (its URL, tenant {@code t1}, workspace {@code w1}) are appended to every command.
 */
final class CliRunner {
  private final List<String> connection;

  /** The exit code and what the command printed. */
  record Result(int code, String out, String err) {}

  /** One command started in the background; its output can be read while it runs. */
  static final class Running {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private CompletableFuture<Integer> code;

    String out() {
      return out.toString();
    }

    String err() {
      return err.toString();
    }

    /** Waits for the command to end (at most a minute). */
    Result result() throws Exception {
      int c = code.get(60, java.util.concurrent.TimeUnit.SECONDS);
      return new Result(c, out(), err());
    }
  }

  CliRunner(TestServer server) {
    this(server.baseUrl());
  }

  CliRunner(String url) {
    this.connection = List.of("--url", url, "--tenant", "t1", "--workspace", "w1");
  }

  /** Runs {@code args} plus the connection flags and waits for it to end. */
  Result run(String... args) throws Exception {
    return start(args).result();
  }

  /** Starts {@code args} plus the connection flags on another thread. */
  Running start(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(connection);
    Running r = new Running();
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(r.out, true));
    cl.setErr(new PrintWriter(r.err, true));
    r.code = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("arco-cli-test")
        .start(
            () -> {
              try {
                r.code.complete(cl.execute(all.toArray(String[]::new)));
              } catch (Throwable t) {
                r.code.completeExceptionally(t);
              }
            });
    return r;
  }

  /** Polls {@code condition} every 20 ms for up to 30 s; fails with {@code what} otherwise. */
  static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
