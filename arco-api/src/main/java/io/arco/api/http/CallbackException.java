package io.arco.api.http;

/** Thrown by the task router's own checks (token, body shape) to answer with a {@link CallbackError}. */
public final class CallbackException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient CallbackError error;

  public CallbackException(CallbackError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public CallbackError error() {
    return error;
  }
}
