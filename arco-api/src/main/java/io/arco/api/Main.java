package io.arco.api;

import io.arco.api.cli.RebuildCommand;
import io.arco.api.cli.ServeCommand;
import io.arco.api.cli.WorkerCommand;
import io.arco.api.cli.automation.BackfillCommand;
import io.arco.api.cli.automation.PartitionsCommand;
import io.arco.api.cli.automation.SchedulesCommand;
import io.arco.api.cli.automation.SensorsCommand;
import io.arco.api.cli.automation.StalenessCommand;
import io.arco.api.cli.client.CancelCommand;
import io.arco.api.cli.client.DeployCommand;
import io.arco.api.cli.client.RerunCommand;
import io.arco.api.cli.client.RunCommand;
import io.arco.api.cli.client.LogsCommand;
import io.arco.api.cli.client.RunsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code arco} command line (decisions §5). */
@Command(
    name = "arco",
    mixinStandardHelpOptions = true,
    version = "arco 0.1.0-SNAPSHOT",
    description = "Arco: event-sourced data orchestration.",
    subcommands = {
      ServeCommand.class,
      RebuildCommand.class,
      WorkerCommand.class,
      DeployCommand.class,
      RunCommand.class,
      RunsCommand.class,
      CancelCommand.class,
      RerunCommand.class,
      LogsCommand.class,
      BackfillCommand.class,
      SchedulesCommand.class,
      SensorsCommand.class,
      PartitionsCommand.class,
      StalenessCommand.class,
    })
public final class Main implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(code);
    }
  }
}
