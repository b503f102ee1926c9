package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Polls {@code GET /runs/{id}} until the run ends, showing its progress as {@link
 * WatchOptions.Progress} says: {@code tty} redraws one line in place (carriage return and ANSI
 * erase-line) at every poll, {@code plain} prints a line only when the state or task counts
 * changed, {@code none} prints nothing. While the server cannot be reached it keeps trying for
 * the reconnect window; an API error ends the watch at once.
 */
final class RunWatcher {
  static final Duration POLL_INTERVAL = Duration.ofMillis(300);
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
  private static final String ERASE_LINE = "\r\033[2K";

  private final ApiClient client;
  private final PrintWriter out;
  private final WatchOptions.Progress mode;
  private final Duration reconnectFor;
  private final int width;
  private boolean lineOpen;

  /** How a watch ended. */
  sealed interface Outcome {
    Duration elapsed();

    /** The run reached a terminal state; {@code run} is its last read. */
    record Ended(JsonNode run, Duration elapsed) implements Outcome {}

    /** The server gave no usable answer for the whole reconnect window. */
    record Lost(String message, Duration elapsed) implements Outcome {}
  }

  /**
   * @param out where progress goes
   * @param mode {@code tty}, {@code plain} or {@code none} (already resolved)
   * @param width the terminal width a {@code tty} line is cut to
   */
  RunWatcher(ApiClient client, PrintWriter out, WatchOptions.Progress mode, Duration reconnectFor, int width) {
    this.client = client;
    this.out = out;
    this.mode = mode;
    this.reconnectFor = reconnectFor;
    this.width = Math.max(20, width);
  }

  Outcome watch(String runId) throws InterruptedException {
    String path = client.connection().workspacePath("/runs/" + ApiClient.segment(runId));
    long start = System.nanoTime();
    long unavailableSince = -1;
    String lastShown = null;
    String lastLine = "";
    while (true) {
      JsonNode run;
      try {
        run = client.get(path).body();
      } catch (ClientException e) {
        if (!e.isUnavailable()) {
          endLine();
          throw e;
        }
        long now = System.nanoTime();
        if (unavailableSince < 0) {
          unavailableSince = now;
          if (mode == WatchOptions.Progress.plain) {
            out.println(
                RunText.elapsed(since(start))
                    + " "
                    + e.getMessage()
                    + "; retrying for "
                    + reconnectFor.toSeconds()
                    + "s");
            out.flush();
          }
        }
        if (now - unavailableSince >= reconnectFor.toNanos()) {
          endLine();
          return new Outcome.Lost(e.getMessage(), since(start));
        }
        if (mode == WatchOptions.Progress.tty) {
          redraw(
              RunText.elapsed(since(start))
                  + " "
                  + (lastLine.isEmpty() ? "" : lastLine + " | ")
                  + "no answer from the server, retrying");
        }
        Thread.sleep(RETRY_INTERVAL.toMillis());
        continue;
      }
      if (unavailableSince >= 0 && mode == WatchOptions.Progress.plain) {
        out.println(RunText.elapsed(since(start)) + " reconnected");
        lastShown = null;
      }
      unavailableSince = -1;
      String line = RunText.progress(run);
      lastLine = line;
      switch (mode) {
        case tty -> redraw(RunText.elapsed(since(start)) + " " + line);
        case plain -> {
          if (!line.equals(lastShown)) {
            out.println(RunText.elapsed(since(start)) + " " + line);
            out.flush();
            lastShown = line;
          }
        }
        default -> {}
      }
      if (ExitCodes.isTerminal(run.path("state").asText())) {
        endLine();
        return new Outcome.Ended(run, since(start));
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  private void redraw(String line) {
    String shown = line.length() >= width ? line.substring(0, width - 1) : line;
    out.print(ERASE_LINE + shown);
    out.flush();
    lineOpen = true;
  }

  /** Ends a {@code tty} line so what follows starts on a line of its own. */
  void endLine() {
    if (lineOpen) {
      out.println();
      out.flush();
      lineOpen = false;
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
