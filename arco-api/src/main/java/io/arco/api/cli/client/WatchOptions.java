package io.arco.api.cli.client;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * How a command that waits for a run shows its progress, and how long it keeps trying while the
 * server cannot be reached. {@code --progress} (else {@code ARCO_PROGRESS}, else {@code auto}):
 * {@code tty} redraws one line in place, {@code plain} prints a line each time the counts change,
 * {@code none} prints only the outcome; {@code auto} is {@code tty} when standard output is a
 * terminal and {@code plain} otherwise.
 */
public final class WatchOptions {
  /** A progress display. */
  public enum Progress {
    auto,
    tty,
    plain,
    none
  }

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description =
          "auto (default: tty on a terminal, else plain), tty (one line redrawn in place), plain"
              + " (a line when the task counts change) or none (env ARCO_PROGRESS).")
  Optional<Progress> progress = Optional.empty();

  @Option(
      names = "--reconnect-for",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "While waiting, keep trying this long when the server cannot be reached before giving up"
              + " with exit code 6 (default ${DEFAULT-VALUE}).")
  int reconnectForSeconds;

  /** The display to use: the flag, else {@code ARCO_PROGRESS}, else by whether stdout is a terminal. */
  Progress resolve(Function<String, String> env, boolean terminal) {
    Progress p =
        progress.orElseGet(
            () -> {
              String v = env.apply("ARCO_PROGRESS");
              if (v == null || v.isBlank()) {
                return Progress.auto;
              }
              try {
                return Progress.valueOf(v.trim().toLowerCase(java.util.Locale.ROOT));
              } catch (IllegalArgumentException e) {
                throw new ClientException(
                    "ARCO_PROGRESS must be auto, tty, plain or none, not '" + v + "'");
              }
            });
    if (p == Progress.auto) {
      return terminal ? Progress.tty : Progress.plain;
    }
    return p;
  }

  /**
   * Whether standard output is a terminal. Since JDK 22 {@code System.console()} exists even when
   * output is redirected and {@code Console.isTerminal()} tells; on JDK 21 a console exists only
   * on a terminal.
   */
  static boolean stdoutIsTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      Method m = java.io.Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
