package io.arco.api.cli.automation;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.Main;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the {@code arco} command line in-process against a {@link TestServer} (its URL, tenant
 * {@code t1} and workspace {@code w1} as flags) and captures exit code, stdout and stderr.
 */
final class ArcoCli {
  private final TestServer server;

  ArcoCli(TestServer server) {
    this.server = server;
  }

  /** What one command printed and returned. */
  record Result(int code, String out, String err) {
    /** stdout parsed as JSON (for {@code --output json}). */
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException("stdout is not JSON: " + out, e);
      }
    }

    /** stdout's lines. */
    List<String> lines() {
      return out.lines().toList();
    }

    /** The cells of the table line that starts with {@code first} (split on runs of 2+ spaces). */
    List<String> row(String first) {
      return out.lines()
          .filter(l -> l.startsWith(first + " ") || l.equals(first))
          .findFirst()
          .map(l -> Arrays.asList(l.split(" {2,}")))
          .orElseThrow(() -> new AssertionError("no line starting with " + first + " in:\n" + out));
    }

    /** The value of the detail line labelled {@code label}. */
    String detail(String label) {
      return out.lines()
          .filter(l -> l.startsWith(label + "  "))
          .findFirst()
          .map(l -> l.substring(label.length()).strip())
          .orElseThrow(() -> new AssertionError("no line '" + label + "' in:\n" + out));
    }
  }

  /** {@code arco ARGS --url ... --tenant t1 --workspace w1}. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", server.baseUrl(), "--tenant", "t1", "--workspace", "w1"));
    return raw(all.toArray(String[]::new));
  }

  /** {@code arco ARGS} exactly as given. */
  static Result raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
