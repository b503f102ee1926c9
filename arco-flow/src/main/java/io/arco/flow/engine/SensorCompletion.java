package io.arco.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.model.TaskOutcome;
import java.util.Optional;

/**
 * A worker's {@code /completed} callback for a poll-sensor evaluation (decisions §6.7): {@code
 * output} is {@code {cursor?, runRequests?: [{assets?, partitionKey?, runKey?}]}} on success;
 * {@code errorMessage} is the error's message on failure.
 */
public record SensorCompletion(
    String pathTaskId,
    TaskTokenClaims claims,
    String attemptId,
    String workerId,
    TaskOutcome outcome,
    Optional<JsonNode> output,
    Optional<String> errorMessage) {
  public SensorCompletion {
    output = output.map(JsonNode::deepCopy);
  }

  @Override
  public Optional<JsonNode> output() {
    return output.map(JsonNode::deepCopy);
  }
}
