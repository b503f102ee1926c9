package io.arco.xtask;

import io.arco.xtask.adr.AdrCheck;
import io.arco.xtask.check.NamedCheck;
import io.arco.xtask.docs.DocsCheck;
import io.arco.xtask.evidence.CommandRunner;
import io.arco.xtask.evidence.Evidence;
import io.arco.xtask.parity.ParityMatrixCheck;
import io.arco.xtask.repo.Repo;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code xtask} command line: {@code parity-matrix-check}, {@code adr-check}, {@code
 * docs-check} and {@code evidence}, each taking the repository root (default: the nearest
 * directory at or above the current one whose {@code pom.xml} declares modules). A check prints one
 * {@code path:line: message} line per finding and exits 1, or prints one success line and exits 0.
 */
@Command(
    name = "xtask",
    mixinStandardHelpOptions = true,
    description = "Arco's repository evidence checks.",
    subcommands = {
      Main.ParityMatrixCommand.class,
      Main.AdrCommand.class,
      Main.DocsCommand.class,
      Main.EvidenceCommand.class
    })
public final class Main implements Runnable {
  /** The checks, in the order CI's gates job and {@code evidence} run them. */
  public static final List<NamedCheck> CHECKS =
      List.of(
          new NamedCheck(ParityMatrixCheck.NAME, ParityMatrixCheck::run),
          new NamedCheck(AdrCheck.NAME, AdrCheck::run),
          new NamedCheck(DocsCheck.NAME, DocsCheck::run));

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs the command line and returns its exit status (what {@link #main} exits with). */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    commandLine.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** The root argument shared by every command. */
  abstract static class RootCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "ROOT",
        description = "Repository root (default: found from the current directory).")
    Path root;

    Repo repo() {
      Path dir = root != null ? root : Repo.findRoot(Path.of(""));
      if (!Files.isDirectory(dir)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "not a directory: " + dir);
      }
      return Repo.at(dir);
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    int check(String name) {
      NamedCheck check =
          CHECKS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
      return check.run(repo()).print(out(), err());
    }
  }

  @Command(
      name = ParityMatrixCheck.NAME,
      mixinStandardHelpOptions = true,
      description = "Check docs/parity/dagster-parity-matrix.md against code, tests and CI.")
  static final class ParityMatrixCommand extends RootCommand {
    @Override
    public Integer call() {
      return check(ParityMatrixCheck.NAME);
    }
  }

  @Command(
      name = AdrCheck.NAME,
      mixinStandardHelpOptions = true,
      description = "Check docs/adr: numbering, headings, status, sections, index.")
  static final class AdrCommand extends RootCommand {
    @Override
    public Integer call() {
      return check(AdrCheck.NAME);
    }
  }

  @Command(
      name = DocsCheck.NAME,
      mixinStandardHelpOptions = true,
      description = "Check docs/: reachability from SUMMARY.md, relative links, cited paths.")
  static final class DocsCommand extends RootCommand {
    @Override
    public Integer call() {
      return check(DocsCheck.NAME);
    }
  }

  @Command(
      name = Evidence.NAME,
      mixinStandardHelpOptions = true,
      description =
          "Run the gated suite (ci.yml's Maven commands and the checks) and write"
              + " docs/plans/<today>-verification-evidence.md.")
  static final class EvidenceCommand extends RootCommand {
    @Override
    public Integer call() {
      return new Evidence(repo(), CommandRunner.system(), InstantSource.system(), CHECKS, out(), err())
          .run();
    }
  }
}
