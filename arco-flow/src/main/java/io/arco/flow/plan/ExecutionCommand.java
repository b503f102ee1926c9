package io.arco.flow.plan;

import java.util.List;
import java.util.Objects;

/**
 * What the local worker runs for an asset (decisions §2.2): {@code execution.command} as one shell
 * command string or as an argv array.
 */
public sealed interface ExecutionCommand {

  /** A command line for {@code sh -c}. */
  record Shell(String commandLine) implements ExecutionCommand {
    public Shell {
      Objects.requireNonNull(commandLine, "commandLine");
    }
  }

  /** A program and its arguments, run without a shell. */
  record Argv(List<String> argv) implements ExecutionCommand {
    public Argv {
      argv = List.copyOf(argv);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("argv must not be empty");
      }
    }
  }
}
