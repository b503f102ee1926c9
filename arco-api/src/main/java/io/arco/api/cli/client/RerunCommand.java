package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arco rerun RUN}: a new run from a parent run's plan (api-contract §3.4), either of every
 * task that did not succeed ({@code --from-failure}, parent FAILED) or of chosen tasks ({@code
 * --tasks}, optionally with their upstream or downstream closure in the parent's graph). Without
 * {@code --run-key} the server derives one, so the same rerun twice answers the same run.
 */
@Command(
    name = "rerun",
    mixinStandardHelpOptions = true,
    description = "Rerun a run from its failure, or a subset of its tasks.")
public final class RerunCommand extends WaitingCommand {
  @Parameters(paramLabel = "RUN", description = "The parent run id.")
  String runId;

  /** Exactly one rerun mode. */
  static final class Mode {
    @Option(names = "--from-failure", required = true, description = "Rerun every task that did not succeed (the parent must be FAILED).")
    boolean fromFailure;

    @Option(
        names = "--tasks",
        split = ",",
        required = true,
        paramLabel = "TASK",
        description = "Rerun these task keys of the parent (comma-separated or repeated).")
    List<String> tasks;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  @Option(names = "--include-upstream", description = "With --tasks: also their upstream tasks in the parent plan.")
  boolean includeUpstream;

  @Option(names = "--include-downstream", description = "With --tasks: also their downstream tasks in the parent plan.")
  boolean includeDownstream;

  @Option(names = "--run-key", paramLabel = "KEY", description = "Run key (default: derived from the parent and the selection).")
  Optional<String> runKey = Optional.empty();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label of the new run (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--wait", description = "Show progress until the new run ends; exit 0 only if it SUCCEEDED.")
  boolean await;

  @Override
  protected int run(ApiClient client) throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    if (mode.fromFailure) {
      if (includeUpstream || includeDownstream) {
        throw new ClientException("--include-upstream and --include-downstream apply to --tasks only");
      }
      body.put("mode", "fromFailure");
    } else {
      body.put("mode", "subset");
      body.put("selection", mode.tasks);
      body.put("includeUpstream", includeUpstream);
      body.put("includeDownstream", includeDownstream);
    }
    runKey.ifPresent(k -> body.put("runKey", k));
    if (!labels.isEmpty()) {
      body.put("labels", labels);
    }
    JsonNode r =
        client
            .post(client.connection().workspacePath("/runs/" + ApiClient.segment(runId) + "/rerun"), body)
            .body();
    if (output == Format.json && !await) {
      printJson(r);
      return ExitCodes.OK;
    }
    if (output != Format.json) {
      String id = r.path("runId").asText();
      String what = r.path("rerunKind").asText() + " rerun of " + r.path("parentRunId").asText(runId);
      out().println(
          r.path("created").asBoolean(true)
              ? "triggered run " + id + " (" + r.path("state").asText() + "), " + what
              : "this rerun already exists: run " + id + " (" + r.path("state").asText() + "), " + what
                  + "; nothing new was triggered");
      out().flush();
    }
    return await ? follow(client, r.path("runId").asText()) : ExitCodes.OK;
  }
}
