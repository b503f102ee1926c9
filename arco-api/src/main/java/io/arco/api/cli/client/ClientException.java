package io.arco.api.cli.client;

/**
 * A client command's failure, printed as one line ({@code error: ...}) without a stack trace: an
 * API error with the contract's code and message, a refused connection naming the URL, or bad
 * local input.
 */
public final class ClientException extends RuntimeException {
  private final int exitCode;
  private final boolean unavailable;

  public ClientException(String message) {
    this(message, 1);
  }

  public ClientException(String message, int exitCode) {
    this(message, exitCode, false);
  }

  private ClientException(String message, int exitCode, boolean unavailable) {
    super(message, null, false, false);
    this.exitCode = exitCode;
    this.unavailable = unavailable;
  }

  /**
   * The server could not be reached, the exchange broke off (refused, timed out, reset), or it
   * answered 502, 503 or 504 (stopping, restarting, behind a proxy): a caller that can wait (a run
   * watcher) may try again.
   */
  public static ClientException unavailable(String message) {
    return new ClientException(message, 1, true);
  }

  /** True when the server gave no usable answer (see {@link #unavailable}). */
  public boolean isUnavailable() {
    return unavailable;
  }

  public int exitCode() {
    return exitCode;
  }
}
