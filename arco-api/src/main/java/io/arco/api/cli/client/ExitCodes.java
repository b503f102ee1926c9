package io.arco.api.cli.client;

/**
 * The exit codes of the client commands, documented in {@code docs/reference/cli.md}. A command
 * that waits for a run ({@code run --wait}, {@code rerun --wait}, {@code runs watch}) exits with
 * the code of the run's final state, so a script can tell a failed run from a broken connection.
 */
public final class ExitCodes {
  /** The command did what it was asked; a waited-for run SUCCEEDED. */
  public static final int OK = 0;

  /** An API error, a server that cannot be reached, or bad local input (a file, a config). */
  public static final int ERROR = 1;

  /** picocli's usage error: an unknown option, a missing or malformed parameter. */
  public static final int USAGE = 2;

  /** The waited-for run ended FAILED. */
  public static final int RUN_FAILED = 3;

  /** The waited-for run ended CANCELLED. */
  public static final int RUN_CANCELLED = 4;

  /** The waited-for run ended TIMED_OUT (a state the contract defines; no server produces it yet). */
  public static final int RUN_TIMED_OUT = 5;

  /** The server stopped answering while the command waited; the run may still be going. */
  public static final int CONNECTION_LOST = 6;

  private ExitCodes() {}

  /** The exit code for a run that ended in {@code state} (a public run state). */
  public static int forRunState(String state) {
    return switch (state) {
      case "SUCCEEDED" -> OK;
      case "CANCELLED" -> RUN_CANCELLED;
      case "TIMED_OUT" -> RUN_TIMED_OUT;
      default -> RUN_FAILED;
    };
  }

  /** True for the public run states a run never leaves. */
  public static boolean isTerminal(String state) {
    return switch (state) {
      case "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT" -> true;
      default -> false;
    };
  }
}
