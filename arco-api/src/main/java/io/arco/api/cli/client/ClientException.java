package io.arco.api.cli.client;

/**
 * A client command's failure, printed as one line ({@code error: ...}) without a stack trace: an
 * API error with the contract's code and message, a refused connection naming the URL, or bad
 * local input.
 */
public final class ClientException extends RuntimeException {
  private final int exitCode;

  public ClientException(String message) {
    this(message, 1);
  }

  public ClientException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
