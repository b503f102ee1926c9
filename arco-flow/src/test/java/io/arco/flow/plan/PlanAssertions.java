package io.arco.flow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared checks of this package's tests: exact 400 messages, 422 fields, JSON from text. */
final class PlanAssertions {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PlanAssertions() {}

  /** Asserts a 400 {@code InvalidRequest} with exactly {@code message}. */
  static void assertInvalid(ThrowingCallable call, String message) {
    FlowException e = catchThrowableOfType(FlowException.class, call);
    assertThat(e).as("expected FlowException(%s)", message).isNotNull();
    assertThat(e.error()).isInstanceOf(FlowError.InvalidRequest.class);
    assertThat(e.error().message()).isEqualTo(message);
  }

  /** Asserts a 422 {@code InvalidField} for {@code field} with {@code reason}. */
  static void assertInvalidField(ThrowingCallable call, String field, String reason) {
    FlowException e = catchThrowableOfType(FlowException.class, call);
    assertThat(e).as("expected InvalidField(%s)", field).isNotNull();
    assertThat(e.error()).isEqualTo(new FlowError.InvalidField(field, reason));
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
