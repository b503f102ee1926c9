package io.arco.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.api.testing.TestServer.Resp;

/**
 * Assertions on the standard error envelope (decisions §1, §6.1): exact status, {@code code} and
 * {@code message}, a {@code requestId} in the body equal to the {@code x-request-id} header.
 */
public final class ApiAssertions {
  private ApiAssertions() {}

  public static void assertError(Resp r, int status, String code, String message) {
    assertThat(r.status()).as("status of %s", r.raw()).isEqualTo(status);
    assertThat(r.code()).as("code of %s", r.raw()).isEqualTo(code);
    assertThat(r.message()).as("message of %s", r.raw()).isEqualTo(message);
    String header = r.headers().firstValue("x-request-id").orElse("");
    assertThat(header).as("x-request-id header").isNotBlank();
    assertThat(r.body().path("requestId").asText()).as("requestId of %s", r.raw()).isEqualTo(header);
  }

  public static void assertBadRequest(Resp r, String message) {
    assertError(r, 400, "BAD_REQUEST", message);
  }

  /** 422 {@code invalid field '{field}': {reason}} with {@code details.field}. */
  public static void assertInvalidField(Resp r, String field, String reason) {
    assertError(r, 422, "UNPROCESSABLE_ENTITY", "invalid field '" + field + "': " + reason);
    assertThat(r.body().path("details").path("field").asText()).isEqualTo(field);
  }

  public static void assertStatus(Resp r, int status) {
    assertThat(r.status()).as("status of %s", r.raw()).isEqualTo(status);
  }
}
