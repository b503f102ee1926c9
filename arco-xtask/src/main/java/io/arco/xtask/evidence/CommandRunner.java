package io.arco.xtask.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How {@code evidence} runs the outside world: the gated shell commands and the few {@code git}
 * queries. Tests inject a fake so they never spawn Maven.
 */
public interface CommandRunner {
  /**
   * Runs {@code commandLine} with {@code bash -c} in {@code workDir}, standard output and error
   * going to {@code log}.
   *
   * @return the exit status (non-zero when the command could not be started at all)
   */
  int run(String commandLine, Path workDir, Path log);

  /** Runs {@code argv} in {@code workDir}; its trimmed standard output, or empty if it failed. */
  Optional<String> capture(List<String> argv, Path workDir);

  /** The runner that starts real processes. */
  static CommandRunner system() {
    return new CommandRunner() {
      @Override
      public int run(String commandLine, Path workDir, Path log) {
        try {
          Files.createDirectories(log.getParent());
          Process process =
              new ProcessBuilder("bash", "-c", commandLine)
                  .directory(workDir.toFile())
                  .redirectErrorStream(true)
                  .redirectOutput(log.toFile())
                  .redirectInput(ProcessBuilder.Redirect.PIPE)
                  .start();
          process.getOutputStream().close();
          return process.waitFor();
        } catch (IOException e) {
          appendQuietly(log, "could not start: " + e.getMessage());
          return 127;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 130;
        }
      }

      @Override
      public Optional<String> capture(List<String> argv, Path workDir) {
        try {
          Process process =
              new ProcessBuilder(argv)
                  .directory(workDir.toFile())
                  .redirectError(ProcessBuilder.Redirect.DISCARD)
                  .start();
          process.getOutputStream().close();
          String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          return process.waitFor() == 0 ? Optional.of(output.strip()) : Optional.empty();
        } catch (IOException e) {
          return Optional.empty();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    };
  }

  private static void appendQuietly(Path log, String line) {
    try {
      Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8);
    } catch (IOException ignored) {
      // The exit status already says the command did not run.
    }
  }
}
