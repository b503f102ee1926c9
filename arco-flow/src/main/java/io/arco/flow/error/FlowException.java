package io.arco.flow.error;

/** Carries one {@link FlowError} out of a flow command. Nothing was written when it is thrown. */
public final class FlowException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient FlowError error;

  public FlowException(FlowError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public FlowError error() {
    return error;
  }

  public static FlowException invalid(String message) {
    return new FlowException(new FlowError.InvalidRequest(message));
  }

  public static FlowException notFound(String message) {
    return new FlowException(new FlowError.NotFound(message));
  }

  public static FlowException conflict(String message) {
    return new FlowException(new FlowError.Conflict(message));
  }

  public static FlowException invalidField(String field, String reason) {
    return new FlowException(new FlowError.InvalidField(field, reason));
  }
}
