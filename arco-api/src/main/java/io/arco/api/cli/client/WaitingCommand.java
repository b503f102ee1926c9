package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Mixin;

/**
 * A client command that can wait for a run to end ({@code run --wait}, {@code rerun --wait},
 * {@code runs watch}): it shows progress, then the outcome, and exits with the run's code ({@link
 * ExitCodes}). With {@code --output json} the progress goes to standard error and standard output
 * gets the run's final {@code GET /runs/{id}} answer.
 */
abstract class WaitingCommand extends ClientCommand {
  @Mixin WatchOptions watch;

  /** Waits for {@code runId} to end and reports it; answers the exit code. */
  protected int follow(ApiClient client, String runId) throws InterruptedException {
    boolean json = output == Format.json;
    PrintWriter progressOut = json ? err() : out();
    WatchOptions.Progress mode = watch.resolve(System::getenv, WatchOptions.stdoutIsTerminal());
    RunWatcher watcher =
        new RunWatcher(
            client, progressOut, mode, Duration.ofSeconds(Math.max(0, watch.reconnectForSeconds)), columns());
    Thread onInterrupt =
        new Thread(
            () -> {
              watcher.endLine();
              err().println("stopped watching run " + runId + "; it goes on: arco runs watch " + runId);
              err().flush();
            });
    boolean hooked = addHook(onInterrupt);
    RunWatcher.Outcome outcome;
    try {
      outcome = watcher.watch(runId);
    } finally {
      if (hooked) {
        removeHook(onInterrupt);
      }
    }
    return switch (outcome) {
      case RunWatcher.Outcome.Ended ended -> {
        JsonNode run = ended.run();
        if (json) {
          printJson(run);
        } else {
          RunText.printOutcome(run, ended.elapsed(), out());
        }
        yield ExitCodes.forRunState(run.path("state").asText());
      }
      case RunWatcher.Outcome.Lost lost -> {
        err().println(
            "error: no answer from the server at "
                + client.connection().url()
                + " while waiting for run "
                + runId
                + " ("
                + lost.message()
                + "); the run may still be going: arco runs watch "
                + runId);
        err().flush();
        yield ExitCodes.CONNECTION_LOST;
      }
    };
  }

  private static int columns() {
    try {
      String c = System.getenv("COLUMNS");
      return c == null ? 80 : Integer.parseInt(c.trim());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  private static boolean addHook(Thread t) {
    try {
      Runtime.getRuntime().addShutdownHook(t);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static void removeHook(Thread t) {
    try {
      Runtime.getRuntime().removeShutdownHook(t);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs
    }
  }
}
