package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arco cancel RUN}: requests cancellation (api-contract §3.5) and prints the run's state,
 * usually CANCELLING until its workers stop. Cancelling again is harmless; a run already ended is
 * the server's 409.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a run.")
public final class CancelCommand extends ClientCommand {
  @Parameters(paramLabel = "RUN", description = "The run id.")
  String runId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded with the request).")
  Optional<String> reason = Optional.empty();

  @Override
  protected int run(ApiClient client) {
    Map<String, Object> body = new LinkedHashMap<>();
    reason.ifPresent(r -> body.put("reason", r));
    JsonNode r =
        client
            .post(client.connection().workspacePath("/runs/" + ApiClient.segment(runId) + "/cancel"), body)
            .body();
    if (output == Format.json) {
      printJson(r);
    } else {
      out().println("cancel requested for run " + r.path("runId").asText() + ": " + r.path("state").asText());
      out().flush();
    }
    return ExitCodes.OK;
  }
}
