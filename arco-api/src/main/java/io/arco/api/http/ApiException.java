package io.arco.api.http;

/** Thrown by the api's own shape validation (and auth) to answer with an {@link ApiError}. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ApiError error;
  private final String callbackMessage;

  public ApiException(ApiError error) {
    this(error, error.message());
  }

  private ApiException(ApiError error, String callbackMessage) {
    super(error.message(), null, false, false);
    this.error = error;
    this.callbackMessage = callbackMessage;
  }

  public ApiError error() {
    return error;
  }

  /**
   * The message the task router answers for this error: the same, except a value out of range,
   * which takes the handler's template {@code Invalid {field}: {reason}} (decisions §6.1).
   */
  public String callbackMessage() {
    return callbackMessage;
  }

  /**
   * A number out of its type's range (decisions §7.6): 400 {@code BAD_REQUEST} {@code {field}
   * {reason}} with {@code details.field}, never a clamped value.
   */
  public static ApiException outOfRange(String field, String reason) {
    return new ApiException(ErrorMapper.outOfRange(field, reason), "Invalid " + field + ": " + reason);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(ErrorMapper.badRequest(message));
  }

  public static ApiException unprocessable(String field, String reason) {
    return new ApiException(ErrorMapper.unprocessable(field, reason));
  }
}
