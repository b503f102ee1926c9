package io.arco.api.cli;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static io.arco.api.testing.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.cli.CliRunner.Result;
import io.arco.api.cli.CliRunner.Running;
import io.arco.api.http.Json;
import io.arco.api.localworker.LocalWorker;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import io.arco.flow.model.Scope;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arco deploy}, {@code run}, {@code runs watch}, {@code cancel} and {@code rerun} against a
 * real server: exit codes of waited-for runs, the progress display in both modes, and how errors
 * are printed.
 */
@SuppressWarnings("try") // local workers are try resources only so that they are closed
class RunCommandsHttpTest {
  private static final Pattern TRIGGERED = Pattern.compile("triggered run (\\w+) ");
  private static final Pattern PROGRESS_LINE = Pattern.compile("^\\d\\d:\\d\\d ([A-Z]+ \\[.*)$");

  @TempDir Path dir;

  private LocalWorker localWorker(TestServer s) {
    return new LocalWorker(
            s.baseUrl(),
            new Scope("t1", "w1"),
            dir,
            2,
            () -> Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w1"))
        .start();
  }

  private static Map<String, Object> command(String key, String command, String... deps) {
    return with(asset(key, deps), "execution", Map.of("command", command, "retry", Map.of("maxAttempts", 1)));
  }

  private Path file(String name, Object json) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, Json.bytes(json));
    return f;
  }

  private static String runId(String out) {
    Matcher m = TRIGGERED.matcher(out);
    if (!m.find()) {
      throw new AssertionError("no run id in: " + out);
    }
    return m.group(1);
  }

  /** The progress lines of a plain display, without their elapsed time. */
  private static List<String> progressLines(String out) {
    List<String> lines = new ArrayList<>();
    for (String l : out.split("\n")) {
      Matcher m = PROGRESS_LINE.matcher(l);
      if (m.matches()) {
        lines.add(m.group(1));
      }
    }
    return lines;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void deployThenRunWaitExitsZeroWhenTheRunSucceeds() throws Exception {
    try (TestServer s = TestServer.start();
        LocalWorker w = localWorker(s)) {
      CliRunner cli = new CliRunner(s);
      Path m = file("manifest.json", manifest(command("s.a", "true"), command("s.b", "true", "s.a")));

      Result deployed = cli.run("deploy", m.toString());
      Result run = cli.run("run", "s.b", "--include-upstream", "--wait", "--progress", "plain");

      assertThat(deployed.code()).isZero();
      assertThat(deployed.out())
          .matches("deployed manifest \\w+ \\(version v1, code version code-1, 2 assets\\) to workspace w1\n");
      assertThat(run.code()).isZero();
      assertThat(run.err()).isEmpty();
      String id = runId(run.out());
      assertThat(progressLines(run.out())).last().isEqualTo("SUCCEEDED [####################] 2/2 | 2 succeeded");
      assertThat(run.out()).containsPattern("\nrun " + id + " SUCCEEDED after \\d\\d:\\d\\d \\(2 tasks: 2 succeeded\\)\n$");
    }
  }

  @Test
  void runWaitAsJsonPrintsTheFinalRunAndKeepsProgressOnStandardError() throws Exception {
    try (TestServer s = TestServer.start();
        LocalWorker w = localWorker(s)) {
      s.post(s.ws() + "/manifests", manifest(command("s.a", "true")));
      CliRunner cli = new CliRunner(s);

      Result run = cli.run("run", "s.a", "--wait", "--progress", "plain", "-o", "json");

      assertThat(run.code()).isZero();
      JsonNode answer = Json.MAPPER.readTree(run.out());
      assertThat(answer.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(answer).isEqualTo(s.get(s.ws() + "/runs/" + answer.get("runId").asText()).body());
      assertThat(progressLines(run.err())).last().isEqualTo("SUCCEEDED [####################] 1/1 | 1 succeeded");
    }
  }

  @Test
  void runWaitExitsThreeWhenTheRunFailsAndNamesWhatFailedAndWhatWasSkipped() throws Exception {
    try (TestServer s = TestServer.start();
        LocalWorker w = localWorker(s)) {
      CliRunner cli = new CliRunner(s);
      s.post(s.ws() + "/manifests", manifest(command("s.a", "true"), command("s.b", "exit 3", "s.a"), command("s.c", "true", "s.b")));

      Result run = cli.run("run", "s.c", "--include-upstream", "--wait", "--progress", "none");
      String id = runId(run.out());
      Result watched = cli.run("runs", "watch", id, "--progress", "plain");

      assertThat(run.code()).isEqualTo(3);
      assertThat(run.out())
          .containsPattern("\nrun " + id + " FAILED after \\d\\d:\\d\\d \\(3 tasks: 1 succeeded, 1 failed, 1 skipped\\)\n")
          .endsWith(
              "  FAILED s.b (attempt 1): command exited with status 3\n"
                  + "  SKIPPED s.c: upstream s.b FAILED\n"
                  + "rerun what did not succeed: arco rerun " + id + " --from-failure\n");
      assertThat(progressLines(run.out())).isEmpty();
      assertThat(watched.code()).isEqualTo(3);
      assertThat(progressLines(watched.out()))
          .containsExactly("FAILED [####################] 3/3 | 1 succeeded, 1 failed, 1 skipped");
    }
  }

  @Test
  void rerunFromFailureRunsWhatDidNotSucceedAndWaitsForIt() throws Exception {
    try (TestServer s = TestServer.start();
        LocalWorker w = localWorker(s)) {
      CliRunner cli = new CliRunner(s);
      s.post(
          s.ws() + "/manifests",
          manifest(command("s.a", "true"), command("s.b", "test -f fixed || exit 3", "s.a"), command("s.c", "true", "s.b")));
      String parent = runId(cli.run("run", "s.c", "--include-upstream", "--wait", "--progress", "none").out());
      Files.writeString(dir.resolve("fixed"), "");

      Result rerun = cli.run("rerun", parent, "--from-failure", "--wait", "--progress", "plain");
      Result again = cli.run("rerun", parent, "--from-failure");

      assertThat(rerun.code()).isZero();
      String child = runId(rerun.out());
      assertThat(rerun.out()).startsWith("triggered run " + child + " (PENDING), FROM_FAILURE rerun of " + parent + "\n");
      assertThat(progressLines(rerun.out())).last().isEqualTo("SUCCEEDED [####################] 2/2 | 2 succeeded");
      assertThat(again.code()).isZero();
      assertThat(again.out())
          .isEqualTo(
              "this rerun already exists: run " + child + " (SUCCEEDED), FROM_FAILURE rerun of " + parent
                  + "; nothing new was triggered\n");
      JsonNode tasks = s.get(s.ws() + "/runs/" + child).body().get("tasks");
      assertThat(tasks.findValuesAsText("taskKey")).containsExactly("s.b", "s.c");
    }
  }

  @Test
  void runWaitExitsFourWhenTheRunIsCancelled() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      CliRunner cli = new CliRunner(s);
      Worker worker = new Worker(s, "w");

      Running waiting = cli.start("run", "s.a", "--wait", "--progress", "plain");
      AtomicReference<JsonNode> leased = new AtomicReference<>();
      CliRunner.await("a leased task", () -> {
        worker.poll(1).forEach(leased::set);
        return leased.get() != null;
      });
      worker.started(leased.get());
      String id = leased.get().get("runId").asText();
      Result cancel = cli.run("cancel", id, "--reason", "not today");
      CliRunner.await("the CANCELLING state", () -> waiting.out().contains("CANCELLING ["));
      worker.complete(leased.get(), "CANCELLED", null);
      Result run = waiting.result();

      assertThat(cancel.code()).isZero();
      assertThat(cancel.out()).isEqualTo("cancel requested for run " + id + ": CANCELLING\n");
      assertThat(run.code()).isEqualTo(4);
      assertThat(run.out()).contains("\nrun " + id + " CANCELLED after ").endsWith("  CANCELLED s.a (attempt 1)\n");
    }
  }

  @Test
  void plainProgressPrintsALineOnlyWhenTheStateOrCountsChange() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a"), asset("s.b", "s.a")));
      CliRunner cli = new CliRunner(s);
      Worker worker = new Worker(s, "w");

      Running waiting = cli.start("run", "s.b", "--include-upstream", "--wait", "--progress", "plain");
      for (String step : List.of("0/2", "1/2")) {
        CliRunner.await("progress " + step, () -> waiting.out().contains("] " + step));
        // Several polls see the same counts; none of them may print a line again.
        Thread.sleep(1000);
        AtomicReference<JsonNode> leased = new AtomicReference<>();
        CliRunner.await("a leased task", () -> {
          worker.poll(1).forEach(leased::set);
          return leased.get() != null;
        });
        worker.started(leased.get());
        worker.succeed(leased.get());
      }
      Result run = waiting.result();

      assertThat(run.code()).isZero();
      assertThat(run.out()).doesNotContain("\r").doesNotContain("\033");
      List<String> lines = progressLines(run.out());
      assertThat(lines).first().isEqualTo("RUNNING [....................] 0/2 | 1 pending, 1 queued");
      assertThat(lines).contains("RUNNING [##########..........] 1/2 | 1 queued, 1 succeeded");
      assertThat(lines).last().isEqualTo("SUCCEEDED [####################] 2/2 | 2 succeeded");
      for (int i = 1; i < lines.size(); i++) {
        assertThat(lines.get(i)).as("line %d repeats the one before", i).isNotEqualTo(lines.get(i - 1));
      }
    }
  }

  @Test
  void ttyProgressRedrawsOneLineInPlaceAndEndsItBeforeTheOutcome() throws Exception {
    try (TestServer s = TestServer.start();
        LocalWorker w = localWorker(s)) {
      s.post(s.ws() + "/manifests", manifest(command("s.a", "true"), command("s.b", "true", "s.a")));
      CliRunner cli = new CliRunner(s);

      Result run = cli.run("run", "s.b", "--include-upstream", "--wait", "--progress", "tty");

      assertThat(run.code()).isZero();
      String id = runId(run.out());
      String out = run.out();
      String progress = out.substring(out.indexOf('\n') + 1, out.indexOf("\nrun " + id + " SUCCEEDED"));
      assertThat(progress).startsWith("\r\033[2K").doesNotContain("\n");
      String[] frames = progress.split("\r\033\\[2K", -1);
      assertThat(frames[frames.length - 1])
          .matches("\\d\\d:\\d\\d SUCCEEDED \\[####################\\] 2/2 \\| 2 succeeded");
    }
  }

  @Test
  void watchExitsSixWhenTheServerGoesAwayWhileWaiting() throws Exception {
    TestServer s = TestServer.start();
    String id;
    Running watching;
    try {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      id = s.post(s.ws() + "/runs", trigger("s.a")).body().get("runId").asText();
      watching = new CliRunner(s).start("runs", "watch", id, "--progress", "plain", "--reconnect-for", "0");
      CliRunner.await("the first progress line", () -> watching.out().contains("0/1"));
    } finally {
      s.close();
    }
    Result r = watching.result();

    assertThat(r.code()).as(r.err()).isEqualTo(6);
    assertThat(r.err())
        .startsWith("error: no answer from the server at " + s.baseUrl() + " while waiting for run " + id + " (")
        .endsWith("); the run may still be going: arco runs watch " + id + "\n");
  }

  @Test
  void anApiErrorPrintsTheContractCodeAndMessageOnOneLine() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      CliRunner cli = new CliRunner(s);

      Result unknown = cli.run("run", "no.such", "--wait");
      Result missing = cli.run("runs", "get", "01NOSUCHRUN");

      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.out()).isEmpty();
      assertThat(unknown.err()).isEqualTo("error: HTTP 400 BAD_REQUEST: unknown asset keys: no.such\n");
      assertThat(missing.code()).isEqualTo(1);
      assertThat(missing.err()).isEqualTo("error: HTTP 404 NOT_FOUND: run not found: 01NOSUCHRUN\n");
    }
  }

  @Test
  void aRefusedConnectionNamesTheUrlTried() throws Exception {
    String url = "http://127.0.0.1:" + closedPort();
    CliRunner cli = new CliRunner(url);

    Result list = cli.run("runs", "list");
    Result watch = cli.run("runs", "watch", "01ANYRUN", "--reconnect-for", "0", "--progress", "none");

    assertThat(list.code()).isEqualTo(1);
    assertThat(list.err()).startsWith("error: cannot connect to " + url + ": ").doesNotContain("\tat ");
    assertThat(list.err().lines()).hasSize(1);
    assertThat(watch.code()).isEqualTo(6);
    assertThat(watch.err()).contains("cannot connect to " + url);
  }

  @Test
  void deployRefusesAMissingFileOrInvalidJsonBeforeSendingAnything() throws Exception {
    // A closed port: had a request been sent, the error would be "cannot connect".
    CliRunner cli = new CliRunner("http://127.0.0.1:" + closedPort());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"manifestVersion\": }");
    Path list = dir.resolve("list.json");
    Files.writeString(list, "[]");

    Result missing = cli.run("deploy", dir.resolve("nope.json").toString());
    Result invalid = cli.run("deploy", bad.toString());
    Result notObject = cli.run("deploy", list.toString());

    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("error: cannot read " + dir.resolve("nope.json") + ": no such file\n");
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err()).startsWith("error: " + bad + " is not valid JSON (line 1, column 21): ");
    assertThat(notObject.err()).isEqualTo("error: " + list + " is not a JSON object (a manifest is one)\n");
  }

  @Test
  void parameterErrorsPrintUsageAndExitTwoWithoutAStackTrace() throws Exception {
    CliRunner cli = new CliRunner("http://127.0.0.1:" + closedPort());

    Result badLimit = cli.run("runs", "list", "--limit", "many");
    Result noMode = cli.run("rerun", "01ANYRUN");
    Result noSubcommand = cli.run("runs");

    assertThat(badLimit.code()).isEqualTo(2);
    assertThat(badLimit.err()).startsWith("Invalid value for option '--limit': 'many' is not an int\nUsage: arco runs list");
    assertThat(noMode.code()).isEqualTo(2);
    assertThat(noMode.err()).startsWith("Error: Missing required argument (specify one of these): (--from-failure | --tasks");
    assertThat(noSubcommand.code()).isEqualTo(2);
    for (Result r : List.of(badLimit, noMode, noSubcommand)) {
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void aRunKeyThatNamesAnExistingRunAnswersThatRunAndSaysSo() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      CliRunner cli = new CliRunner(s);

      Result first = cli.run("run", "s.a", "--run-key", "nightly-1", "--label", "team=growth");
      Result second = cli.run("run", "s.a", "--run-key", "nightly-1", "--label", "team=growth");
      Result json = cli.run("run", "s.a", "--run-key", "nightly-1", "--label", "team=growth", "-o", "json");

      String id = runId(first.out());
      assertThat(first.out()).isEqualTo("triggered run " + id + " (PENDING)\n");
      assertThat(second.code()).isZero();
      assertThat(second.out())
          .startsWith("run key 'nightly-1' already names run " + id + " (RUNNING, created ")
          .endsWith("); nothing new was triggered\n");
      JsonNode answer = Json.MAPPER.readTree(json.out());
      assertThat(answer.get("runId").asText()).isEqualTo(id);
      assertThat(answer.get("created").asBoolean()).isFalse();
      assertThat(s.get(s.ws() + "/runs/" + id).body().get("labels")).isEqualTo(s.json(Map.of("team", "growth")));
    }
  }

  @Test
  void partitionFlagsSendTheCanonicalKeyOrPlainDimensionValues() throws Exception {
    try (TestServer s = TestServer.start()) {
      Map<String, Object> daily =
          with(asset("s.p"), "partitioning", Map.of("dimensions", List.of(Map.of("name", "date", "kind", "time", "granularity", "day"))));
      s.post(s.ws() + "/manifests", manifest(daily));
      CliRunner cli = new CliRunner(s);

      String canonical = runId(cli.run("run", "s.p", "--partition", "date=d:2026-01-15").out());
      String plain = runId(cli.run("run", "s.p", "--partition-value", "date=2026-01-16").out());

      assertThat(cli.run("runs", "get", canonical).out()).containsPattern("\ns\\.p +QUEUED +0 +date=d:2026-01-15 ");
      assertThat(cli.run("runs", "get", plain).out()).containsPattern("\ns\\.p +QUEUED +0 +date=d:2026-01-16 ");
    }
  }
}
