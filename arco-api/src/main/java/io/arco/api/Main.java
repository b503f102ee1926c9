package io.arco.api;

import io.arco.api.cli.RebuildCommand;
import io.arco.api.cli.ServeCommand;
import io.arco.api.cli.WorkerCommand;
import io.arco.api.cli.client.LogsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code arco} command line (decisions §5). */
@Command(
    name = "arco",
    mixinStandardHelpOptions = true,
    version = "arco 0.1.0-SNAPSHOT",
    description = "Arco: event-sourced data orchestration.",
    subcommands = {ServeCommand.class, RebuildCommand.class, WorkerCommand.class, LogsCommand.class})
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
