package io.arco.xtask.evidence;

import io.arco.xtask.check.CheckReport;
import io.arco.xtask.check.NamedCheck;
import io.arco.xtask.parity.ParityMatrixCheck;
import io.arco.xtask.repo.CiWorkflow;
import io.arco.xtask.repo.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * {@code evidence}: runs the gated suite — every Maven command of {@code .github/workflows/ci.yml}
 * in file order, then the xtask checks in-process — and writes {@code
 * docs/plans/<today>-verification-evidence.md} with the real outcome of each (exit status, test
 * counts from the Surefire reports it wrote, duration), the branch and commit, and the residual
 * risks. The note is linked from {@code docs/SUMMARY.md} so docs-check keeps passing.
 */
public final class Evidence {
  public static final String NAME = "evidence";

  private final Repo repo;
  private final CommandRunner runner;
  private final InstantSource clock;
  private final List<NamedCheck> checks;
  private final PrintWriter out;
  private final PrintWriter err;

  public Evidence(
      Repo repo,
      CommandRunner runner,
      InstantSource clock,
      List<NamedCheck> checks,
      PrintWriter out,
      PrintWriter err) {
    this.repo = repo;
    this.runner = runner;
    this.clock = clock;
    this.checks = List.copyOf(checks);
    this.out = out;
    this.err = err;
  }

  /** Runs the suite and writes the note; returns 0 when every command passed, else 1. */
  public int run() {
    Instant started = clock.instant();
    LocalDate today = LocalDate.ofInstant(started, ZoneOffset.UTC);
    String notePath = "docs/plans/" + today + "-verification-evidence.md";
    Optional<CiWorkflow> workflow = CiWorkflow.of(repo);

    // Git facts first: writing the note must not make the tree look dirty.
    String branch = git("rev-parse", "--abbrev-ref", "HEAD").orElse("(unknown)");
    String commit = git("rev-parse", "HEAD").orElse("(unknown)");
    Optional<String> status = git("status", "--porcelain");
    boolean dirty = status.map(s -> !s.isBlank()).orElse(false);

    writeNote(notePath, EvidenceNote.inProgress(today, started));
    SummaryLinks.ensureLinked(repo, notePath, "Verification evidence " + today);

    List<EvidenceNote.Outcome> outcomes = new ArrayList<>();
    int index = 0;
    for (CiWorkflow.Command command : mavenCommands(workflow)) {
      index++;
      out.println("evidence: running " + command.command());
      out.flush();
      Path log = repo.root().resolve("target/xtask-evidence/" + String.format("%02d", index) + ".log");
      SurefireReports.Snapshot before = SurefireReports.snapshot(repo);
      long t0 = System.nanoTime();
      int exit = runner.run(command.command(), repo.root(), log);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      SurefireReports.Tally tally = SurefireReports.since(repo, before);
      outcomes.add(
          new EvidenceNote.Outcome(
              command.command(),
              command.line(),
              exit,
              Optional.of(tally.counts()),
              took,
              repo.relativize(log),
              tally.unreadable(),
              List.of()));
      out.println("evidence: " + (exit == 0 ? "PASS" : "FAIL (exit " + exit + ")") + " in "
          + took.toSeconds() + " s, " + tally.counts().tests() + " test(s)");
      out.flush();
    }
    SortedMap<String, Integer> statusCounts = null;
    for (NamedCheck check : checks) {
      Optional<CiWorkflow.Command> gate =
          workflow.flatMap(w -> w.commands().stream()
              .filter(c -> c.command().matches("\\./xtask\\s+" + check.name() + "(\\s.*)?"))
              .findFirst());
      long t0 = System.nanoTime();
      CheckReport report;
      if (check.name().equals(ParityMatrixCheck.NAME)) {
        ParityMatrixCheck.Result result = ParityMatrixCheck.check(repo);
        report = result.report();
        statusCounts = result.statusCounts();
      } else {
        report = check.run(repo);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      List<String> lines = new ArrayList<>();
      report.findings().forEach(f -> lines.add(f.render()));
      lines.add(report.ok() ? report.successLine() : report.failureLine());
      outcomes.add(
          new EvidenceNote.Outcome(
              gate.map(CiWorkflow.Command::command).orElse("./xtask " + check.name()),
              gate.map(CiWorkflow.Command::line).orElse(0),
              report.ok() ? 0 : 1,
              Optional.empty(),
              took,
              "",
              List.of(),
              lines));
      out.println("evidence: " + (report.ok() ? report.successLine() : report.failureLine()));
      out.flush();
    }

    Instant finished = clock.instant();
    List<String> risks = EvidenceNote.residualRisks(outcomes, statusCounts, dirty, workflow.isPresent());
    EvidenceNote note =
        new EvidenceNote(
            today,
            started,
            finished,
            branch,
            commit,
            dirty,
            System.getProperty("java.version", "?") + " (" + System.getProperty("java.home", "?") + ")",
            outcomes,
            risks);
    writeNote(notePath, note.render());

    List<EvidenceNote.Outcome> failed = outcomes.stream().filter(o -> o.exitCode() != 0).toList();
    if (failed.isEmpty()) {
      int tests = outcomes.stream().flatMap(o -> o.counts().stream()).mapToInt(TestCounts::tests).sum();
      out.println(
          NAME + ": wrote " + notePath + " (" + outcomes.size() + " commands passed, " + tests + " tests)");
      out.flush();
      return 0;
    }
    for (EvidenceNote.Outcome outcome : failed) {
      String where = outcome.ciLine() > 0 ? CiWorkflow.PATH + ":" + outcome.ciLine() : notePath + ":1";
      err.println(where + ": `" + outcome.command() + "` failed (exit " + outcome.exitCode() + ")"
          + (outcome.log().isEmpty() ? "" : ", log " + outcome.log()));
    }
    err.println("wrote " + notePath);
    err.println(NAME + " failed with " + failed.size() + " error(s)");
    err.flush();
    return 1;
  }

  private List<CiWorkflow.Command> mavenCommands(Optional<CiWorkflow> workflow) {
    List<CiWorkflow.Command> commands = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (CiWorkflow.Command command : workflow.map(CiWorkflow::commands).orElse(List.of())) {
      String text = command.command();
      if ((text.startsWith("mvn ") || text.startsWith("./mvnw ")) && seen.add(text)) {
        commands.add(command);
      }
    }
    return commands;
  }

  private Optional<String> git(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("git");
    argv.addAll(List.of(args));
    return runner.capture(argv, repo.root());
  }

  private void writeNote(String notePath, String content) {
    try {
      Path file = repo.root().resolve(notePath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
