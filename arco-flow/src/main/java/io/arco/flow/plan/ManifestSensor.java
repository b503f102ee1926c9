package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.SensorKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code sensors} entry of a manifest (decisions §2.9, §6.7): the id (unique among the
 * manifest's sensors; a schedule may share it), the {@link SensorKind}, the asset strings as
 * written and their canonical keys (sorted, de-duplicated, as for {@link ManifestSchedule}), the
 * poll interval {@code minIntervalSeconds} (1..86400, {@value #DEFAULT_MIN_INTERVAL_SECONDS} when
 * omitted; it is kept for push sensors too, where it means nothing) and the raw {@code execution}
 * object, echoed verbatim by the stored manifest. Of {@code execution} Arco reads only {@code
 * command} ({@link #command()}), which the local worker runs for a poll sensor; other members are
 * stored and ignored. JSON trees are copied in and out, so the record stays immutable.
 */
public record ManifestSensor(
    String id,
    SensorKind kind,
    List<String> assets,
    List<String> assetKeys,
    int minIntervalSeconds,
    Optional<JsonNode> execution) {

  public static final int DEFAULT_MIN_INTERVAL_SECONDS = 30;
  public static final int MIN_INTERVAL_SECONDS_LOWER = 1;
  public static final int MIN_INTERVAL_SECONDS_UPPER = 86_400;

  public ManifestSensor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    assets = List.copyOf(assets);
    assetKeys = List.copyOf(assetKeys);
    execution = copy(execution);
  }

  /** A copy of the raw {@code execution} value (JSON trees are mutable). */
  @Override
  public Optional<JsonNode> execution() {
    return copy(execution);
  }

  /**
   * The {@code execution.command} the local worker runs for this sensor: empty when there is no
   * {@code execution}, it has no {@code command}, or (in a stored manifest only, since a deploy
   * refuses it) the command is unreadable.
   */
  public Optional<ExecutionCommand> command() {
    return execution
        .filter(JsonNode::isObject)
        .map(e -> e.get("command"))
        .filter(c -> !c.isNull())
        .flatMap(ExecutionSpec::commandOf);
  }

  /**
   * Deploy validation of a sensor's {@code execution} value (JSON {@code null} counts as absent):
   * it must be an object, and its {@code command}, when present and not {@code null}, follows the
   * asset command rules ({@link ExecutionSpec}). Messages: {@code sensor '{id}' has invalid
   * execution: must be an object} and {@code sensor '{id}' has invalid execution: command must be a
   * non-empty string or a non-empty array of strings}.
   *
   * @throws FlowException {@code InvalidRequest} (400) with one of the messages above
   */
  static void validateExecution(String id, Optional<JsonNode> execution) {
    Optional<JsonNode> value = copy(execution);
    if (value.isEmpty()) {
      return;
    }
    JsonNode node = value.get();
    if (!node.isObject()) {
      throw invalidExecution(id, "must be an object");
    }
    JsonNode command = node.get("command");
    if (command != null
        && !command.isNull()
        && ExecutionSpec.commandOf(command).isEmpty()) {
      throw invalidExecution(id, "command " + ExecutionSpec.COMMAND_REASON);
    }
  }

  private static FlowException invalidExecution(String id, String reason) {
    return FlowException.invalid("sensor '" + id + "' has invalid execution: " + reason);
  }

  private static Optional<JsonNode> copy(Optional<JsonNode> node) {
    return node.filter(n -> !n.isNull() && !n.isMissingNode()).map(JsonNode::deepCopy);
  }
}
