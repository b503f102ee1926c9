package io.arco.api.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code arco runs list|get|watch}: read runs. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List, show and watch runs.",
    subcommands = {RunsListCommand.class, RunsGetCommand.class, RunsWatchCommand.class})
public final class RunsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing required subcommand (list, get or watch)");
  }
}
