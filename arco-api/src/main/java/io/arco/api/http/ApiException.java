package io.arco.api.http;

/** Thrown by the api's own shape validation (and auth) to answer with an {@link ApiError}. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ApiError error;

  public ApiException(ApiError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(ErrorMapper.badRequest(message));
  }

  public static ApiException unprocessable(String field, String reason) {
    return new ApiException(ErrorMapper.unprocessable(field, reason));
  }
}
