package io.arco.api.cli.automation;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.cli.client.ApiClient;
import io.arco.api.cli.client.ClientCommand;
import java.util.Map;
import picocli.CommandLine.Parameters;

/**
 * A subcommand that changes one schedule or sensor: {@code POST {collection}/{id}/{action}} with
 * {@code {}} (enable, disable, pause, resume), then shows the row the server answers, or its JSON.
 */
abstract class RowAction extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The schedule's or sensor's id.")
  String id;

  private final String collection;
  private final String action;

  /** {@code collection} is the workspace-relative path, e.g. {@code /schedules}. */
  RowAction(String collection, String action) {
    this.collection = collection;
    this.action = action;
  }

  /** Prints the answered row for {@code --output table}. */
  abstract void printRow(JsonNode row);

  @Override
  protected int run(ApiClient client) {
    JsonNode row =
        client
            .post(
                client.connection().workspacePath(collection + "/" + ApiClient.segment(id) + "/" + action),
                Map.of())
            .body();
    if (output == Format.json) {
      printJson(row);
    } else {
      printRow(row);
    }
    return 0;
  }
}
