package io.arco.xtask.evidence;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A verification-evidence note (evidence-and-docs.md §1): the exact command list, when it ran, the
 * branch and commit, pass/fail per command with test counts, and the known residual risks.
 */
record EvidenceNote(
    LocalDate date,
    Instant started,
    Instant finished,
    String branch,
    String commit,
    boolean dirty,
    String jdk,
    List<EvidenceNote.Outcome> outcomes,
    List<String> risks) {

  /**
   * What one command did. {@code counts} is empty for the in-process checks (they run no tests);
   * {@code ciLine} is the line of the command in ci.yml (0 when it is not there); {@code output}
   * holds a check's printed lines.
   */
  record Outcome(
      String command,
      int ciLine,
      int exitCode,
      Optional<TestCounts> counts,
      Duration duration,
      String log,
      List<String> unreadableReports,
      List<String> output) {
    boolean passed() {
      return exitCode == 0;
    }
  }

  EvidenceNote {
    outcomes = List.copyOf(outcomes);
    risks = List.copyOf(risks);
  }

  /** The placeholder written while the suite runs (so SUMMARY.md never links a missing page). */
  static String inProgress(LocalDate date, Instant started) {
    return "# Verification evidence " + date + "\n\n"
        + "`./xtask evidence` started at " + started.truncatedTo(ChronoUnit.SECONDS)
        + " and has not finished; this page is rewritten with the results when it does.\n";
  }

  String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Verification evidence ").append(date).append("\n\n");
    md.append("Written by `./xtask evidence`, which ran every command below on this tree and");
    md.append(" recorded what each reported. Test counts come from the Surefire XML reports each");
    md.append(" command wrote.\n\n");
    md.append("- Executed: ").append(started.truncatedTo(ChronoUnit.SECONDS))
        .append(" to ").append(finished.truncatedTo(ChronoUnit.SECONDS)).append(" (UTC)\n");
    md.append("- Branch: `").append(branch).append("`\n");
    md.append("- Commit: `").append(commit).append("`")
        .append(dirty ? " plus uncommitted changes in the working tree" : " (clean working tree)")
        .append("\n");
    md.append("- JDK: ").append(jdk).append("\n");
    long passed = outcomes.stream().filter(Outcome::passed).count();
    md.append("- Outcome: ").append(passed).append(" of ").append(outcomes.size())
        .append(" commands passed\n\n");

    md.append("## Commands\n\n");
    md.append("Run from the repository root, in this order: the Maven commands of");
    md.append(" `.github/workflows/ci.yml`, then its gate commands (run in-process).\n\n");
    md.append("```bash\n");
    for (Outcome outcome : outcomes) {
      md.append(outcome.command()).append('\n');
    }
    md.append("```\n\n");

    md.append("## Results\n\n");
    md.append("| # | Command | Result | Tests | Passed | Failures | Errors | Skipped | Duration |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    TestCounts total = TestCounts.NONE;
    int i = 0;
    for (Outcome outcome : outcomes) {
      i++;
      md.append("| ").append(i).append(" | `").append(cell(outcome.command())).append("` | ")
          .append(outcome.passed() ? "PASS" : "FAIL (exit " + outcome.exitCode() + ")").append(" | ");
      if (outcome.counts().isPresent()) {
        TestCounts c = outcome.counts().get();
        total = total.plus(c);
        md.append(c.tests()).append(" | ").append(c.passed()).append(" | ").append(c.failures())
            .append(" | ").append(c.errors()).append(" | ").append(c.skipped());
      } else {
        md.append("check | — | — | — | —");
      }
      md.append(" | ").append(seconds(outcome.duration())).append(" |\n");
    }
    md.append("\nTotal over the Maven commands: ").append(total.tests()).append(" tests, ")
        .append(total.passed()).append(" passed, ").append(total.failures()).append(" failures, ")
        .append(total.errors()).append(" errors, ").append(total.skipped()).append(" skipped")
        .append(" (a test run by two commands counts twice).\n\n");

    md.append("### Check output\n\n");
    for (Outcome outcome : outcomes) {
      if (outcome.counts().isPresent()) {
        continue;
      }
      md.append("`").append(outcome.command()).append("`:\n\n```text\n");
      for (String line : outcome.output()) {
        md.append(line).append('\n');
      }
      md.append("```\n\n");
    }

    md.append("## Known residual risks\n\n");
    for (String risk : risks) {
      md.append("- ").append(risk).append('\n');
    }
    return md.toString();
  }

  /** The residual risks this run leaves, most serious first. */
  static List<String> residualRisks(
      List<Outcome> outcomes,
      SortedMap<String, Integer> statusCounts,
      boolean dirty,
      boolean workflowFound) {
    List<String> risks = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      if (!outcome.passed()) {
        risks.add("`" + outcome.command() + "` FAILED (exit " + outcome.exitCode() + ")"
            + (outcome.log().isEmpty() ? "" : "; its output is in " + outcome.log()) + ".");
      }
    }
    if (!workflowFound) {
      risks.add("No `.github/workflows/ci.yml` was found, so no per-module command ran.");
    }
    for (Outcome outcome : outcomes) {
      if (outcome.counts().isPresent() && outcome.counts().get().tests() == 0) {
        risks.add("`" + outcome.command() + "` ran no tests: what it builds is not proven by tests.");
      }
      if (outcome.counts().isPresent() && outcome.counts().get().skipped() > 0) {
        risks.add("`" + outcome.command() + "` skipped " + outcome.counts().get().skipped()
            + " test(s).");
      }
      for (String report : outcome.unreadableReports()) {
        risks.add("Surefire report " + report + " could not be read; its tests are not counted.");
      }
    }
    if (statusCounts != null) {
      int all = statusCounts.values().stream().mapToInt(Integer::intValue).sum();
      List<String> parts = new ArrayList<>();
      int open = 0;
      for (Map.Entry<String, Integer> e : statusCounts.entrySet()) {
        if (!e.getKey().equals("Implemented") && !e.getKey().equals("Exception")) {
          parts.add(e.getValue() + " " + e.getKey());
          open += e.getValue();
        }
      }
      if (open > 0) {
        risks.add(open + " of " + all
            + " parity matrix rows are neither Implemented nor a declared Exception ("
            + String.join(", ", parts) + "): those capabilities are not proven by this run.");
      }
    }
    if (dirty) {
      risks.add("The working tree had uncommitted changes: this evidence is for the commit plus"
          + " those changes, not for the commit alone.");
    }
    risks.add("These commands ran on this machine, not in GitHub Actions (which uses Temurin JDK 21);"
        + " a difference in JDK, Maven or environment could change an outcome there.");
    return risks;
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
