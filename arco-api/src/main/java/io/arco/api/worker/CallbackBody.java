package io.arco.api.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.ApiException;
import io.arco.api.http.CallbackException;
import io.arco.api.http.ErrorMapper;
import io.arco.api.http.JsonBody;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskMetrics;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.OutputVisibilityState;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a task-router body: every shape error answers in the callback envelope with {@code
 * invalid_argument} (decisions §6.1), keeping the status (400 malformed or out of range, 415, 422
 * missing or mistyped).
 */
final class CallbackBody {
  private CallbackBody() {}

  static <T> T guard(Supplier<T> read) {
    try {
      return read.get();
    } catch (ApiException e) {
      throw new CallbackException(ErrorMapper.invalidArgument(e.error().status(), e.callbackMessage()));
    }
  }

  static JsonBody read(Context ctx, int limit) {
    return guard(() -> JsonBody.read(ctx, limit));
  }

  static <E extends Enum<E>> E enumValue(JsonBody body, String field, Class<E> type) {
    String raw = guard(() -> body.requiredString(field));
    try {
      return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CallbackException(ErrorMapper.unknownValue(field, raw));
    }
  }

  static Optional<TaskOutput> output(JsonBody body) {
    Optional<JsonNode> node =
        guard(() -> body.optionalObject("output").or(() -> body.optionalObject("result")));
    if (node.isEmpty()) {
      return Optional.empty();
    }
    JsonBody o = JsonBody.of(node.get());
    return Optional.of(
        guard(
            () ->
                new TaskOutput(
                    o.optionalString("materializationId"),
                    o.optionalLong("rowCount"),
                    o.optionalLong("byteSize"),
                    o.optionalString("outputPath"),
                    o.optionalString("deltaTable"),
                    o.optionalLong("deltaVersion"),
                    o.optionalString("deltaPartition"),
                    o.optionalString("outputVisibilityState")
                        .map(v -> visibility(v)),
                    o.optionalString("publishedAt").map(v -> instant("output.publishedAt", v)),
                    o.optionalString("publishError"))));
  }

  static Optional<TaskError> error(JsonBody body) {
    Optional<JsonNode> node = guard(() -> body.optionalObject("error"));
    if (node.isEmpty()) {
      return Optional.empty();
    }
    JsonBody e = JsonBody.of(node.get());
    ErrorCategory category = enumValue(e, "category", ErrorCategory.class);
    String message = guard(() -> e.requiredString("message"));
    Optional<String> stack = guard(() -> e.optionalString("stackTrace"));
    Optional<Boolean> retryable =
        guard(() -> e.raw("retryable").isPresent() ? Optional.of(e.bool("retryable", false)) : Optional.<Boolean>empty());
    return Optional.of(new TaskError(category, message, stack, retryable));
  }

  static Optional<TaskMetrics> metrics(JsonBody body) {
    Optional<JsonNode> node = guard(() -> body.optionalObject("metrics"));
    if (node.isEmpty()) {
      return Optional.empty();
    }
    JsonBody m = JsonBody.of(node.get());
    return Optional.of(
        guard(
            () ->
                new TaskMetrics(
                    m.optionalLong("cpuTimeMs"),
                    m.optionalLong("peakMemoryBytes"),
                    m.optionalLong("ioReadBytes"),
                    m.optionalLong("ioWriteBytes"))));
  }

  private static OutputVisibilityState visibility(String v) {
    try {
      return OutputVisibilityState.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable("output.outputVisibilityState", "unknown value '" + v + "'");
    }
  }

  private static Instant instant(String field, String v) {
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable(field, "expected an RFC 3339 timestamp");
    }
  }
}
