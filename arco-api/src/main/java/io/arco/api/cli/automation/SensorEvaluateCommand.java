package io.arco.api.cli.automation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.cli.client.ApiClient;
import io.arco.api.cli.client.ClientCommand;
import io.arco.api.cli.client.ClientException;
import io.arco.api.cli.client.Table;
import io.arco.api.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arco sensors evaluate ID [--payload JSON] [--attribute K=V]... [--message-id M]
 * [--dry-run]}: {@code POST /sensors/{id}/evaluate} (api-contract §9.3, decisions §2.9). A push
 * sensor turns the message into one run request (run key {@code sensor:{id}:msg:{messageId}}, the
 * {@code partitionKey} attribute as its partition); the same message id again changes nothing; a
 * dry run answers the run requests and writes nothing.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate a push message on a sensor now (or preview it with --dry-run).")
public final class SensorEvaluateCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The sensor id.")
  String id;

  @Option(
      names = "--payload",
      paramLabel = "JSON",
      defaultValue = "{}",
      description = "The message payload, any JSON (default {}).")
  String payload;

  @Option(
      names = "--attribute",
      paramLabel = "KEY=VALUE",
      description = "A message attribute (repeatable); partitionKey=KEY requests that partition.")
  Map<String, String> attributes = new LinkedHashMap<>();

  @Option(
      names = "--message-id",
      paramLabel = "ID",
      description = "The message id (deduplicates redeliveries; default: a new manual_ id).")
  Optional<String> messageId = Optional.empty();

  @Option(names = "--dry-run", description = "Answer the run requests without writing anything.")
  boolean dryRun;

  @Override
  protected int run(ApiClient client) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("payload", parsePayload());
    if (!attributes.isEmpty()) {
      body.put("attributes", attributes);
    }
    messageId.ifPresent(m -> body.put("messageId", m));
    if (dryRun) {
      body.put("dryRun", true);
    }
    JsonNode r =
        client.post(SensorsCommand.path(client, "/" + ApiClient.segment(id) + "/evaluate"), body).body();
    if (output == Format.json) {
      printJson(r);
      return 0;
    }
    Details d =
        new Details()
            .add("evaluation", Cells.text(r, "evalId"))
            .add("message", Cells.text(r, "messageId"))
            .add("status", Cells.text(r, "status"))
            .add("events written", Cells.text(r, "eventsWritten"));
    if (r.has("message")) {
      d.add("error", Cells.text(r, "message"));
    }
    if (r.path("dryRun").asBoolean(false)) {
      d.add("dry run", "nothing was written");
    }
    if (r.path("deduplicated").asBoolean(false)) {
      d.add("deduplicated", "this message id was evaluated before; nothing changed");
    }
    if (r.has("warning")) {
      d.add("warning", Cells.text(r, "warning"));
    }
    d.print(out());
    JsonNode requests = r.path("runRequests");
    if (!requests.isEmpty()) {
      Table t = new Table("RUN KEY", "RUN", "ASSETS", "PARTITIONS");
      requests.forEach(
          q ->
              t.row(
                  Cells.text(q, "runKey"),
                  Cells.text(q, "runId"),
                  Cells.text(q, "assetSelection"),
                  Cells.text(q, "partitionSelection")));
      out().println();
      t.print(out());
    }
    return 0;
  }

  private JsonNode parsePayload() {
    try {
      JsonNode n = Json.MAPPER.readTree(payload);
      if (n == null || n.isMissingNode()) {
        throw new ClientException("--payload must be JSON, got an empty value", 2);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new ClientException("--payload is not JSON: " + e.getOriginalMessage(), 2);
    }
  }
}
