package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code arco runs get RUN}: the run's summary and a table of its tasks with state, attempt and
 * what explains a failure or a skip (api-contract §4.2, §4.3).
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show a run and its tasks.")
public final class RunsGetCommand extends ClientCommand {
  @Parameters(paramLabel = "RUN", description = "The run id.")
  String runId;

  @Override
  protected int run(ApiClient client) {
    JsonNode run =
        client.get(client.connection().workspacePath("/runs/" + ApiClient.segment(runId))).body();
    if (output == Format.json) {
      printJson(run);
    } else {
      RunText.printDetail(run, out());
      out().flush();
    }
    return ExitCodes.OK;
  }
}
