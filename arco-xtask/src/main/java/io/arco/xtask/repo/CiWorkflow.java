package io.arco.xtask.repo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The shell commands of a GitHub Actions workflow, each with its job and line: every {@code run:}
 * step, one command per line of a block scalar ({@code run: |}), with {@code \}-continued lines
 * joined. A matrix cell's CI command must equal one of these, so "occurs verbatim" means a whole
 * step command, never a fragment of a longer one.
 *
 * <p>This reads the subset of YAML workflows use for {@code jobs:} and {@code run:}; it needs no
 * YAML library because it never interprets anything else.
 */
public final class CiWorkflow {
  /** The repo path of the workflow the matrix cites. */
  public static final String PATH = ".github/workflows/ci.yml";

  /** One command of a {@code run:} step. */
  public record Command(String job, String command, int line) {
    public Command {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(command, "command");
    }
  }

  private final List<Command> commands;
  private final Set<String> jobs;

  private CiWorkflow(List<Command> commands, Set<String> jobs) {
    this.commands = List.copyOf(commands);
    this.jobs = Collections.unmodifiableSet(new LinkedHashSet<>(jobs));
  }

  /** The workflow at {@link #PATH}, or empty when the repository has none. */
  public static Optional<CiWorkflow> of(Repo repo) {
    return repo.isFile(PATH) ? Optional.of(parse(repo.read(PATH))) : Optional.empty();
  }

  public static CiWorkflow parse(String yaml) {
    String[] lines = yaml.split("\r?\n", -1);
    List<Command> commands = new ArrayList<>();
    Set<String> jobs = new LinkedHashSet<>();
    int jobsIndent = -1;
    int jobIndent = -1;
    String job = "";
    for (int i = 0; i < lines.length; i++) {
      String line = stripComment(lines[i]);
      if (line.isBlank()) {
        continue;
      }
      int indent = indentOf(line);
      String content = line.strip();
      if (jobsIndent >= 0 && indent <= jobsIndent) {
        jobsIndent = -1;
        jobIndent = -1;
        job = "";
      }
      if (content.equals("jobs:")) {
        jobsIndent = indent;
        continue;
      }
      if (jobsIndent >= 0 && content.endsWith(":") && (jobIndent < 0 || indent == jobIndent)) {
        if (indent > jobsIndent) {
          jobIndent = indent;
          job = content.substring(0, content.length() - 1).strip();
          jobs.add(job);
          continue;
        }
      }
      String step = content.startsWith("- ") ? content.substring(2).strip() : content;
      if (!step.startsWith("run:")) {
        continue;
      }
      int keyIndent = indent + (content.length() - step.length());
      String value = step.substring("run:".length()).strip();
      if (value.startsWith("|") || value.startsWith(">")) {
        i = blockCommands(lines, i + 1, keyIndent, job, commands);
      } else if (!value.isEmpty()) {
        commands.add(new Command(job, unquote(value), i + 1));
      }
    }
    return new CiWorkflow(commands, jobs);
  }

  /** Every command, in file order. */
  public List<Command> commands() {
    return commands;
  }

  /** The job ids under {@code jobs:}, in file order. */
  public Set<String> jobs() {
    return jobs;
  }

  /** The step command equal to {@code command} (after trimming), if any. */
  public Optional<Command> find(String command) {
    String wanted = command.strip();
    return commands.stream().filter(c -> c.command().equals(wanted)).findFirst();
  }

  /** Reads a block scalar's lines; returns the index of its last line. */
  private static int blockCommands(
      String[] lines, int start, int keyIndent, String job, List<Command> out) {
    int i = start;
    StringBuilder pending = null;
    int pendingLine = 0;
    for (; i < lines.length; i++) {
      String raw = lines[i];
      if (raw.isBlank()) {
        continue;
      }
      if (indentOf(raw) <= keyIndent) {
        break;
      }
      String content = raw.strip();
      if (content.startsWith("#")) {
        continue;
      }
      if (pending == null) {
        pending = new StringBuilder();
        pendingLine = i + 1;
      }
      if (content.endsWith("\\")) {
        pending.append(content, 0, content.length() - 1).append(' ');
        continue;
      }
      pending.append(content);
      out.add(new Command(job, pending.toString().replaceAll("\\s+", " ").strip(), pendingLine));
      pending = null;
    }
    if (pending != null) {
      out.add(new Command(job, pending.toString().replaceAll("\\s+", " ").strip(), pendingLine));
    }
    return i - 1;
  }

  private static String stripComment(String line) {
    String stripped = line.stripLeading();
    return stripped.startsWith("#") ? "" : line;
  }

  private static int indentOf(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && ((value.startsWith("\"") && value.endsWith("\""))
            || (value.startsWith("'") && value.endsWith("'")))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
