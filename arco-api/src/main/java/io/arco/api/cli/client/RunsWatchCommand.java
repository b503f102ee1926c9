package io.arco.api.cli.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code arco runs watch RUN}: the progress of {@code run --wait} for a run that already exists,
 * with the same outcome and exit codes ({@link ExitCodes}).
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Show a run's progress until it ends; exit 0 only if it SUCCEEDED.")
public final class RunsWatchCommand extends WaitingCommand {
  @Parameters(paramLabel = "RUN", description = "The run id.")
  String runId;

  @Override
  protected int run(ApiClient client) throws InterruptedException {
    return follow(client, runId);
  }
}
