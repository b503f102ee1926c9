package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.error.FlowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What Arco reads from an asset's otherwise opaque {@code execution} object (decisions §2.2, §6.2,
 * §6.10): the command for the local worker, the worker queue, the retry policy and the heartbeat
 * timeout. Unknown members are ignored (the object stays stored verbatim). {@link #from} refuses
 * bad values with 400 {@code asset '{assetKey}' has invalid execution.<field>: <reason>}; the
 * reasons are:
 *
 * <ul>
 *   <li>{@code execution}, not an object: {@code asset '{k}' has invalid execution: must be an
 *       object};
 *   <li>{@code command}: {@code must be a non-empty string or a non-empty array of strings} (an
 *       argv's first item must not be blank either);
 *   <li>{@code queue}: {@code must be a non-empty string};
 *   <li>{@code retry}: {@code must be an object}, {@code maxAttempts must be an integer between 1
 *       and 100}, {@code backoffSeconds must be an integer between 0 and 86400}, {@code
 *       maxBackoffSeconds must be an integer between 0 and 86400}, {@code maxBackoffSeconds must be
 *       >= backoffSeconds} (checked in that order; an omitted field takes its default first);
 *   <li>{@code heartbeatTimeoutSeconds}: {@code must be an integer}, {@code must be >= 30}, {@code
 *       must be <= 86070} (the task-token TTL is at most 86400 s and at least the timeout plus 330
 *       s, decisions §6.2).
 * </ul>
 *
 * A JSON {@code null} member counts as absent. Members are checked in the order above.
 */
public record ExecutionSpec(
    Optional<ExecutionCommand> command,
    Optional<String> queue,
    RetryPolicy retry,
    int heartbeatTimeoutSeconds) {

  public static final int DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 300;
  public static final int MIN_HEARTBEAT_TIMEOUT_SECONDS = 30;
  public static final int MAX_HEARTBEAT_TIMEOUT_SECONDS = 86_070;

  /** The reason given when a {@code command} value breaks the rules of {@link #commandOf}. */
  static final String COMMAND_REASON = "must be a non-empty string or a non-empty array of strings";

  /** No command, the default queue, default retry and a 300 s heartbeat timeout. */
  public static final ExecutionSpec DEFAULT =
      new ExecutionSpec(
          Optional.empty(),
          Optional.empty(),
          RetryPolicy.DEFAULT,
          DEFAULT_HEARTBEAT_TIMEOUT_SECONDS);

  public ExecutionSpec {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(retry, "retry");
  }

  /**
   * Reads an asset's {@code execution} value.
   *
   * @param assetKey the canonical asset key, for messages
   * @throws FlowException {@code InvalidRequest} with the messages listed on this type
   */
  public static ExecutionSpec from(String assetKey, Optional<JsonNode> execution) {
    if (execution.isEmpty() || execution.get().isNull()) {
      return DEFAULT;
    }
    JsonNode node = execution.get();
    if (!node.isObject()) {
      throw FlowException.invalid(
          "asset '" + assetKey + "' has invalid execution: must be an object");
    }
    Optional<ExecutionCommand> command = command(assetKey, member(node, "command"));
    Optional<String> queue = Optional.empty();
    Optional<JsonNode> q = member(node, "queue");
    if (q.isPresent()) {
      if (!q.get().isTextual() || AssetKeys.isBlank(q.get().textValue())) {
        throw invalid(assetKey, "queue", "must be a non-empty string");
      }
      queue = Optional.of(q.get().textValue());
    }
    RetryPolicy retry = retry(assetKey, member(node, "retry"));
    int heartbeat = DEFAULT_HEARTBEAT_TIMEOUT_SECONDS;
    Optional<JsonNode> hb = member(node, "heartbeatTimeoutSeconds");
    if (hb.isPresent()) {
      if (!isInt(hb.get())) {
        throw invalid(assetKey, "heartbeatTimeoutSeconds", "must be an integer");
      }
      long seconds = hb.get().longValue();
      if (seconds < MIN_HEARTBEAT_TIMEOUT_SECONDS) {
        throw invalid(assetKey, "heartbeatTimeoutSeconds", "must be >= 30");
      }
      if (seconds > MAX_HEARTBEAT_TIMEOUT_SECONDS) {
        throw invalid(assetKey, "heartbeatTimeoutSeconds", "must be <= 86070");
      }
      heartbeat = (int) seconds;
    }
    return new ExecutionSpec(command, queue, retry, heartbeat);
  }

  private static Optional<ExecutionCommand> command(String assetKey, Optional<JsonNode> value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        commandOf(value.get()).orElseThrow(() -> invalid(assetKey, "command", COMMAND_REASON)));
  }

  /**
   * Reads an {@code execution.command} value (not JSON {@code null}): a string that is not blank
   * is a {@link ExecutionCommand.Shell}; a non-empty array of strings whose first item is not blank
   * is an {@link ExecutionCommand.Argv}; anything else is empty. Shared by asset and sensor
   * executions (decisions §2.2, §2.9).
   */
  static Optional<ExecutionCommand> commandOf(JsonNode node) {
    if (node.isTextual() && !AssetKeys.isBlank(node.textValue())) {
      return Optional.of(new ExecutionCommand.Shell(node.textValue()));
    }
    if (node.isArray() && !node.isEmpty()) {
      boolean allStrings = true;
      for (JsonNode item : node) {
        allStrings &= item.isTextual();
      }
      if (allStrings && !AssetKeys.isBlank(node.get(0).textValue())) {
        List<String> argv = new ArrayList<>();
        node.forEach(item -> argv.add(item.textValue()));
        return Optional.of(new ExecutionCommand.Argv(argv));
      }
    }
    return Optional.empty();
  }

  private static RetryPolicy retry(String assetKey, Optional<JsonNode> value) {
    if (value.isEmpty()) {
      return RetryPolicy.DEFAULT;
    }
    JsonNode node = value.get();
    if (!node.isObject()) {
      throw invalid(assetKey, "retry", "must be an object");
    }
    int maxAttempts =
        intMember(
            assetKey,
            node,
            "maxAttempts",
            RetryPolicy.DEFAULT_MAX_ATTEMPTS,
            1,
            RetryPolicy.MAX_ATTEMPTS_LIMIT);
    int backoff =
        intMember(
            assetKey,
            node,
            "backoffSeconds",
            RetryPolicy.DEFAULT_BACKOFF_SECONDS,
            0,
            RetryPolicy.BACKOFF_LIMIT_SECONDS);
    int maxBackoff =
        intMember(
            assetKey,
            node,
            "maxBackoffSeconds",
            RetryPolicy.DEFAULT_MAX_BACKOFF_SECONDS,
            0,
            RetryPolicy.BACKOFF_LIMIT_SECONDS);
    if (maxBackoff < backoff) {
      throw invalid(assetKey, "retry", "maxBackoffSeconds must be >= backoffSeconds");
    }
    return new RetryPolicy(maxAttempts, backoff, maxBackoff);
  }

  private static int intMember(
      String assetKey, JsonNode retry, String field, int defaultValue, int min, int max) {
    Optional<JsonNode> value = member(retry, field);
    if (value.isEmpty()) {
      return defaultValue;
    }
    if (!isInt(value.get()) || value.get().longValue() < min || value.get().longValue() > max) {
      throw invalid(
          assetKey, "retry", field + " must be an integer between " + min + " and " + max);
    }
    return value.get().intValue();
  }

  private static boolean isInt(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToLong();
  }

  private static Optional<JsonNode> member(JsonNode object, String field) {
    JsonNode v = object.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  private static FlowException invalid(String assetKey, String field, String reason) {
    return FlowException.invalid(
        "asset '" + assetKey + "' has invalid execution." + field + ": " + reason);
  }
}
