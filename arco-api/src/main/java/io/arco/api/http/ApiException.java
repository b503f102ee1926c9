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
    return new ApiException(ApiError.of(400, "BAD_REQUEST", message));
  }

  public static ApiException unprocessable(String field, String reason) {
    return new ApiException(
        new ApiError(
            422,
            "UNPROCESSABLE_ENTITY",
            "invalid field '" + field + "': " + reason,
            java.util.Optional.of(java.util.Map.of("field", field))));
  }
}
