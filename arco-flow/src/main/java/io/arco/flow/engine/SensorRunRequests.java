package io.arco.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.RunRequest;
import io.arco.flow.model.RequestFingerprint;
import io.arco.flow.plan.DynamicMembers;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.TriggerPlanner;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.plan.ValidatedTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Turns what a sensor asked for into {@link RunRequest}s validated like a manual trigger against
 * the latest manifest: canonical, known assets; a partition key valid for their (shared)
 * partitioning, stored canonical; a run key within the trigger's limits. The fingerprint is the
 * automation request fingerprint of the assets and partition. A problem is a {@link
 * FlowException} whose message becomes the evaluation's error.
 */
final class SensorRunRequests {
  private SensorRunRequests() {}

  /** One request as the sensor wrote it: assets (empty = the sensor's), partition, run key. */
  record Raw(List<String> assets, Optional<String> partitionKey, Optional<String> runKey) {}

  static RunRequest build(
      List<String> assets,
      Optional<String> partitionKey,
      String runKey,
      Optional<Manifest> manifest,
      Optional<String> codeVersion,
      DynamicMembers members) {
    TriggerRequest request =
        new TriggerRequest(assets, false, false, List.of(), partitionKey, Optional.of(runKey), Map.of());
    ValidatedTrigger v = TriggerPlanner.DEFAULT.validate(request, () -> manifest, members);
    TriggerPlanner.DEFAULT.plan(v, TriggerPlanner.manifestFor(v, () -> manifest));
    Optional<List<String>> partitions = v.partitionKey().map(List::of);
    return new RunRequest(
        runKey, RequestFingerprint.of(v.roots(), partitions), v.roots(), partitions, codeVersion);
  }

  /**
   * Validates every request of a poll evaluation; the first problem fails them all, naming the
   * request's index.
   */
  static List<RunRequest> buildAll(
      List<Raw> raws,
      List<String> sensorAssets,
      IntFunction<String> defaultRunKey,
      Optional<Manifest> manifest,
      Optional<String> codeVersion,
      DynamicMembers members) {
    List<RunRequest> out = new ArrayList<>();
    for (int i = 0; i < raws.size(); i++) {
      Raw r = raws.get(i);
      try {
        out.add(
            build(
                r.assets().isEmpty() ? sensorAssets : r.assets(),
                r.partitionKey(),
                r.runKey().orElse(defaultRunKey.apply(i)),
                manifest,
                codeVersion,
                members));
      } catch (FlowException e) {
        throw FlowException.invalid("runRequests[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  /** The sensor output {@code {cursor?, runRequests?}} of a poll evaluation, checked for shape. */
  record Output(Optional<String> cursor, List<Raw> requests) {}

  static Output parseOutput(Optional<JsonNode> output) {
    if (output.isEmpty() || output.get().isNull()) {
      return new Output(Optional.empty(), List.of());
    }
    JsonNode o = output.get();
    if (!o.isObject()) {
      throw FlowException.invalid("output must be an object");
    }
    Optional<String> cursor = optionalText(o, "cursor", "output.cursor");
    JsonNode reqs = o.get("runRequests");
    List<Raw> raws = new ArrayList<>();
    if (reqs != null && !reqs.isNull()) {
      if (!reqs.isArray()) {
        throw FlowException.invalid("output.runRequests must be an array");
      }
      for (int i = 0; i < reqs.size(); i++) {
        JsonNode r = reqs.get(i);
        String where = "runRequests[" + i + "]";
        if (!r.isObject()) {
          throw FlowException.invalid(where + " must be an object");
        }
        List<String> assets = new ArrayList<>();
        JsonNode a = r.get("assets");
        if (a != null && !a.isNull()) {
          if (!a.isArray()) {
            throw FlowException.invalid(where + ".assets must be an array of strings");
          }
          for (JsonNode s : a) {
            if (!s.isTextual()) {
              throw FlowException.invalid(where + ".assets must be an array of strings");
            }
            assets.add(s.asText());
          }
        }
        Optional<String> runKey = optionalText(r, "runKey", where + ".runKey");
        if (runKey.isPresent() && runKey.get().isEmpty()) {
          throw FlowException.invalid(where + ".runKey cannot be empty");
        }
        raws.add(new Raw(assets, optionalText(r, "partitionKey", where + ".partitionKey"), runKey));
      }
    }
    return new Output(cursor, raws);
  }

  private static Optional<String> optionalText(JsonNode o, String name, String where) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw FlowException.invalid(where + " must be a string");
    }
    return Optional.of(v.asText());
  }
}
