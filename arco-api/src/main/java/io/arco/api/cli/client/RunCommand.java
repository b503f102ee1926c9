package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arco run ASSET...}: triggers a run (api-contract §3.1) and prints its id; a run key that
 * already names a run returns that run, and the command says so. With {@code --wait} it then
 * watches the run to its end ({@link WaitingCommand}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Trigger a run of assets (and optionally wait for it to end).")
public final class RunCommand extends WaitingCommand {
  @Parameters(arity = "1..*", paramLabel = "ASSET", description = "Asset keys (namespace.name).")
  List<String> assets;

  @Option(names = "--partition", paramLabel = "KEY", description = "Canonical partition key, e.g. date=d:2026-01-15.")
  Optional<String> partition = Optional.empty();

  @Option(
      names = "--partition-value",
      paramLabel = "DIM=VALUE",
      description =
          "A partition dimension and its plain value (repeatable), e.g. date=2026-01-15; the server"
              + " normalizes it per the manifest. Do not combine with --partition.")
  Map<String, String> partitionValues = new LinkedHashMap<>();

  @Option(names = "--run-key", paramLabel = "KEY", description = "Idempotency key: the same key and request answer the same run.")
  Optional<String> runKey = Optional.empty();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A run label (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--include-upstream", description = "Also run every asset the selection depends on.")
  boolean includeUpstream;

  @Option(names = "--include-downstream", description = "Also run every asset depending on the selection.")
  boolean includeDownstream;

  @Option(names = "--wait", description = "Show progress until the run ends; exit 0 only if it SUCCEEDED.")
  boolean await;

  @Override
  protected int run(ApiClient client) throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("selection", assets);
    if (includeUpstream) {
      body.put("includeUpstream", true);
    }
    if (includeDownstream) {
      body.put("includeDownstream", true);
    }
    partition.ifPresent(p -> body.put("partitionKey", p));
    if (!partitionValues.isEmpty()) {
      List<Map<String, String>> parts = new ArrayList<>();
      partitionValues.forEach((k, v) -> parts.add(Map.of("key", k, "value", v)));
      body.put("partitions", parts);
    }
    runKey.ifPresent(k -> body.put("runKey", k));
    if (!labels.isEmpty()) {
      body.put("labels", labels);
    }
    JsonNode r = client.post(client.connection().workspacePath("/runs"), body).body();
    String runId = r.path("runId").asText();
    if (output == Format.json && !await) {
      printJson(r);
      return ExitCodes.OK;
    }
    if (output != Format.json) {
      out().println(describe(r, runKey));
      out().flush();
    }
    return await ? follow(client, runId) : ExitCodes.OK;
  }

  /** {@code triggered run ID (PENDING)}, or what an existing run key answered. */
  static String describe(JsonNode r, Optional<String> runKey) {
    String id = r.path("runId").asText();
    String state = r.path("state").asText();
    if (r.path("created").asBoolean(true)) {
      return "triggered run " + id + " (" + state + ")";
    }
    return "run key "
        + runKey.map(k -> "'" + k + "' ").orElse("")
        + "already names run "
        + id
        + " ("
        + state
        + ", created "
        + r.path("createdAt").asText()
        + "); nothing new was triggered";
  }
}
